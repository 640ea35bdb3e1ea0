import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { answer, requestInfo } from './dispatch.js';
import { attachNodeWebSocket } from './node-websocket.js';
import { listenNode } from './node-listen.js';
import { STATUS_TEXT, type HttpReply, type HttpRequestInfo, type HttpServerHandle, type HttpServerOptions } from './types.js';

// The node:http engine: used where the uWebSockets.js binary does not load (Node 22/24 with the pinned
// build) or when asked for. Same routes, same replies; the WebSocket endpoint runs on the `ws` package.

export function nodeRequestInfo(req: IncomingMessage): HttpRequestInfo {
  return requestInfo(req.method ?? 'GET', req.url ?? '/', (name) => String(req.headers[name] ?? ''), req.socket.remoteAddress ?? '');
}

export function startNodeServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const server = createServer((req, res) => {
    void answer(opts, nodeRequestInfo(req)).then((reply) => send(res, reply, req.method === 'HEAD'));
  });
  const sockets = opts.webSocket ? attachNodeWebSocket(server, opts.webSocket, opts.guard) : null;
  // Scrapers and probes make one request per connection or keep it briefly; do not hold idle sockets long.
  server.keepAliveTimeout = 5_000;
  return listenNode(server, opts.host, opts.port, opts.label, () => sockets?.closeAll());
}

function send(res: ServerResponse, reply: HttpReply, head: boolean): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
  res.end(head ? undefined : reply.body);
}

/** A complete HTTP/1.1 response as raw text, for refusing an upgrade on the bare socket. */
export function rawResponse(reply: HttpReply): string {
  const head = [`HTTP/1.1 ${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trimEnd()];
  for (const [k, v] of Object.entries(reply.headers ?? {})) head.push(`${k}: ${v}`);
  head.push(`Content-Length: ${Buffer.byteLength(reply.body)}`, 'Connection: close', '', '');
  return head.join('\r\n') + reply.body;
}
