import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. The OS picks it (port 0), we close the probe
 * socket and hand the number out; a tiny race with other processes remains, which is fine for tests.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('freePort: listener has no TCP address'));
        return;
      }
      srv.close(() => resolve(addr.port));
    });
  });
}
