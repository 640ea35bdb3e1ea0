import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HttpServerHandle } from './types.js';
import type { UwsApp, UwsModule } from './uws-loader.js';

const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

/**
 * Binds a uWS app and hands back the server handle every engine returns. Exclusive: by default uWS sets
 * SO_REUSEPORT, so a second collector (or two of our ports set equal) would share requests instead of failing.
 * `failure` is the start-up error when the port cannot be bound (it names the config key).
 */
export function listenUws(uws: UwsModule, app: UwsApp, host: string, port: number, failure: () => Error): Promise<HttpServerHandle> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, (listenSocket) => {
      if (!listenSocket) {
        app.close();
        reject(failure());
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
        host,
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
