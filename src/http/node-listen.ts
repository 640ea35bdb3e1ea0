import type { Server } from 'node:http';
import type { HttpServerHandle } from './types.js';

/**
 * Binds a node:http(s) server and hands back the server handle every engine returns. `label` names the config
 * key in the start-up error; `closeExtra` closes what the server does not track itself (upgraded WebSockets).
 */
export function listenNode(server: Server, host: string, port: number, label: string, closeExtra?: () => void): Promise<HttpServerHandle> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`${label}: cannot listen on ${host}:${port} (${err.code ?? err.message})`));
    });
    server.listen(port, host, () => {
      const addr = server.address();
      const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
      const closeNow = (): void => {
        closeExtra?.();
        server.close();
        server.closeAllConnections();
      };
      resolve({
        engine: 'node',
        host,
        port: bound,
        closeNow,
        close: () =>
          new Promise<void>((done) => {
            closeExtra?.();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
