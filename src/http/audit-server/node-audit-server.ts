import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AuditReply } from '../../audit/responses.js';
import type { HttpServerHandle } from '../types.js';
import type { AuditRequestHead, AuditServerOptions } from './types.js';
import { listenNode } from '../node-listen.js';

// The audit API on node:http / node:https, where the uWebSockets.js binary does not load.

const header = (req: IncomingMessage, name: string): string => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

function head(req: IncomingMessage): AuditRequestHead {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    ip: req.socket.remoteAddress ?? '',
    origin: header(req, 'origin'),
    authorization: header(req, 'authorization'),
    auditQsVersion: header(req, 'x-audit-qs-version'),
    contentType: header(req, 'content-type'),
    requestHeaders: header(req, 'access-control-request-headers'),
  };
}

function send(res: ServerResponse, reply: AuditReply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

export function startNodeAuditServer(opts: AuditServerOptions): Promise<HttpServerHandle> {
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const info = head(req);
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = (): void => {
      send(res, opts.handle({ ...info, body: null }));
      // Stop reading the rest; the connection ends after the reply.
      req.removeAllListeners('data');
      req.resume();
      res.once('finish', () => req.socket.destroySoon());
    };
    if (declared > opts.maxBodyBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > opts.maxBodyBytes) {
        done = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      send(res, opts.handle({ ...info, body: Buffer.concat(chunks, size) }));
    });
  };
  const server: Server = opts.tls
    ? createHttpsServer(
        {
          cert: readFileSync(opts.tls.cert),
          key: readFileSync(opts.tls.key),
          ...(opts.tls.ca ? { ca: readFileSync(opts.tls.ca) } : {}),
          ...(opts.tls.passphrase ? { passphrase: opts.tls.passphrase } : {}),
        },
        onRequest,
      )
    : createHttpServer(onRequest);
  server.keepAliveTimeout = 5_000;
  return listenNode(server, opts.host, opts.port, 'auditEvents.port');
}
