import { setImmediate as nextTurn } from 'node:timers/promises';
import { dispatch } from './dispatch.js';
import type { UwsModule, UwsResponse } from './uws-loader.js';
import { STATUS_TEXT, type HttpReply, type HttpServerHandle, type HttpServerOptions } from './types.js';

const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

// The uWebSockets.js engine. uWS runs its sockets on the thread's libuv loop outside Node's handle tracking:
// a worker thread that ends with a listen socket or connection still open makes Node abort the whole process
// ("uv_loop_close() while having open handles"). close()/closeNow() therefore close the listen socket and
// every connection (app.close()) and must run before the thread ends.

export function startUwsServer(uws: UwsModule, opts: HttpServerOptions): Promise<HttpServerHandle> {
  const app = uws.App();
  app.any('/*', (res, req) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    // req lives only during this callback: read what we need before the first await.
    const method = req.getMethod();
    const query = req.getQuery();
    const url = query ? `${req.getUrl()}?${query}` : req.getUrl();
    void dispatch(opts.routes, method, url).then((reply) => {
      if (!aborted) res.cork(() => send(res, reply, method.toUpperCase() === 'HEAD'));
    });
  });
  return new Promise((resolve, reject) => {
    // Exclusive: by default uWS sets SO_REUSEPORT, so a second collector (or prometheus.port equal to
    // nodeMetricsPort) would bind the same port and share its requests instead of failing.
    app.listen(opts.host, opts.port, LIBUS_LISTEN_EXCLUSIVE_PORT, (listenSocket) => {
      if (!listenSocket) {
        app.close();
        reject(new Error(`${opts.label}: cannot listen on ${opts.host}:${opts.port} (address in use or not available)`));
        return;
      }
      let open = true;
      const closeNow = (): void => {
        if (!open) return;
        open = false;
        uws.us_listen_socket_close(listenSocket);
        app.close();
      };
      resolve({
        engine: 'uws',
        host: opts.host,
        port: uws.us_socket_local_port(listenSocket),
        closeNow,
        close: async () => {
          closeNow();
          // libuv runs the handles' close callbacks on the next loop turn; only then is the loop clean.
          await nextTurn();
          await nextTurn();
        },
      });
    });
  });
}

function send(res: UwsResponse, reply: HttpReply, head: boolean): void {
  res.writeStatus(`${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trimEnd());
  for (const [key, value] of Object.entries(reply.headers ?? {})) res.writeHeader(key, value);
  if (head) res.endWithoutBody(Buffer.byteLength(reply.body));
  else res.end(reply.body);
}
