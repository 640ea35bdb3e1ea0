import { createServer, type ServerResponse } from 'node:http';
import { dispatch } from './dispatch.js';
import type { HttpReply, HttpServerHandle, HttpServerOptions } from './types.js';

// The node:http engine: used where the uWebSockets.js binary does not load (Node 22/24 with the pinned
// build) or when asked for. Same routes, same replies.

export function startNodeServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const server = createServer((req, res) => {
    void dispatch(opts.routes, req.method ?? 'GET', req.url ?? '/').then((reply) => send(res, reply, req.method === 'HEAD'));
  });
  // Scrapers and probes make one request per connection or keep it briefly; do not hold idle sockets long.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`${opts.label}: cannot listen on ${opts.host}:${opts.port} (${err.code ?? err.message})`));
    });
    server.listen(opts.port, opts.host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port;
      const closeNow = (): void => {
        server.close();
        server.closeAllConnections();
      };
      resolve({
        engine: 'node',
        host: opts.host,
        port,
        closeNow,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function send(res: ServerResponse, reply: HttpReply, head: boolean): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
  res.end(head ? undefined : reply.body);
}
