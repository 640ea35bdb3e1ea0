import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

/** A UDP port on 127.0.0.1 that was free a moment ago (the OS picked it). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Datagram payloads of a fixture .txt file: every line that is not empty and not a `#` comment. */
export function datagramsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

/** Sends each payload as one datagram to 127.0.0.1:port, paced so the loopback buffer never overflows. */
export async function sendDatagrams(port: number, payloads: ReadonlyArray<string | Uint8Array>, perTick = 50): Promise<void> {
  const s = createSocket('udp4');
  try {
    for (let i = 0; i < payloads.length; i++) {
      const p = payloads[i];
      await new Promise<void>((resolve, reject) =>
        s.send(typeof p === 'string' ? Buffer.from(p, 'utf8') : p, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      if ((i + 1) % perTick === 0) await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    s.close();
  }
}
