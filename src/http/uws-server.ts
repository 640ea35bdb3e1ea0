import { answer, requestInfo } from './dispatch.js';
import type { UwsModule, UwsRequest, UwsResponse } from './uws-loader.js';
import { listenUws } from './uws-listen.js';
import { attachUwsWebSocket } from './uws-websocket.js';
import { STATUS_TEXT, type HttpReply, type HttpRequestInfo, type HttpServerHandle, type HttpServerOptions } from './types.js';

// The uWebSockets.js engine. uWS runs its sockets on the thread's libuv loop outside Node's handle tracking:
// a worker thread that ends with a listen socket or connection still open makes Node abort the whole process
// ("uv_loop_close() while having open handles"). close()/closeNow() therefore close the listen socket and
// every connection (app.close()) and must run before the thread ends.

/** Reads everything a handler may need; req is only valid inside the uWS callback. */
export function uwsRequestInfo(res: UwsResponse, req: UwsRequest): HttpRequestInfo {
  const query = req.getQuery();
  const url = query ? `${req.getUrl()}?${query}` : req.getUrl();
  return requestInfo(req.getMethod(), url, (name) => req.getHeader(name), Buffer.from(res.getRemoteAddressAsText()).toString());
}

export function startUwsServer(uws: UwsModule, opts: HttpServerOptions): Promise<HttpServerHandle> {
  const app = uws.App();
  if (opts.webSocket) attachUwsWebSocket(app, opts.webSocket, opts.guard);
  app.any('/*', (res, req) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const info = uwsRequestInfo(res, req);
    void answer(opts, info).then((reply) => {
      if (!aborted) res.cork(() => sendUws(res, reply, info.method === 'HEAD'));
    });
  });
  return listenUws(uws, app, opts.host, opts.port, () => new Error(`${opts.label}: cannot listen on ${opts.host}:${opts.port} (address in use or not available)`));
}

export function sendUws(res: UwsResponse, reply: HttpReply, head: boolean): void {
  res.writeStatus(`${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trimEnd());
  for (const [key, value] of Object.entries(reply.headers ?? {})) res.writeHeader(key, value);
  if (head) res.endWithoutBody(Buffer.byteLength(reply.body));
  else res.end(reply.body);
}
