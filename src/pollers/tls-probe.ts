import { connect } from 'node:tls';
import type { CertMaterial } from './cert-store.js';

// With TLS 1.3 a server checks the client certificate after the client has finished its handshake, so a
// rejected certificate reaches undici only as "other side closed". To report what really happened, a failed
// request whose socket was closed without a response is followed by one bare TLS connection with the same
// credentials: it either receives the server's alert (e.g. "unknown ca", "certificate required"), or sees the
// server hang up right after the handshake without answering a request, which is how servers that verify
// the certificate after the handshake (Node, some proxies) reject it.

export interface ProbeTarget {
  hostname: string;
  port: number;
  material: CertMaterial;
  rejectUnauthorized: boolean;
  timeoutMs: number;
}

/**
 * The TLS error the server sends for our credentials, an error saying it hung up right after the handshake,
 * or undefined when it answers a request (the original failure was something else).
 */
export function probeTls(t: ProbeTarget): Promise<Error | undefined> {
  let handshakeDone = false;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), t.timeoutMs);
    const host = t.hostname.startsWith('[') ? t.hostname.slice(1, -1) : t.hostname;
    const socket = connect({
      host,
      port: t.port,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      cert: t.material.cert,
      key: t.material.key,
      ca: t.material.ca,
      passphrase: t.material.passphrase,
      rejectUnauthorized: t.rejectUnauthorized,
    });
    socket.on('secureConnect', () => {
      handshakeDone = true;
      // A request makes an accepting server answer (and a rejecting one send its alert) without waiting.
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${t.hostname}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', () => finish(undefined));
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(handshakeDone ? closedAfterHandshake() : undefined));
  });
}

/** True for the undici error of a socket that the server closed before any response arrived. */
export function isClosedWithoutResponse(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function closedAfterHandshake(): Error {
  const err = new Error(
    'TLS: the server closed the connection right after the handshake without answering; it most likely rejected the client certificate',
  ) as Error & { code: string };
  err.code = 'ERR_TLS_PEER_CLOSED_AFTER_HANDSHAKE';
  return err;
}
