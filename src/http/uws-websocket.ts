import type { UwsApp, UwsWebSocket } from './uws-loader.js';
import { sendUws, uwsRequestInfo } from './uws-server.js';
import type { HttpReply, HttpRequestInfo } from './types.js';
import type { SendResult, WebSocketRoute, WsPeer } from './websocket.js';

// The uWebSockets.js engine's WebSocket endpoint. uWS bounds each socket's backpressure itself
// (maxBackpressure) and, with closeOnBackpressureLimit, closes a socket instead of buffering past it.

export function attachUwsWebSocket(app: UwsApp, route: WebSocketRoute, guard?: (req: HttpRequestInfo) => HttpReply | null): void {
  app.ws(route.path, {
    maxPayloadLength: 4096,
    maxBackpressure: route.maxBufferedBytes,
    closeOnBackpressureLimit: true,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      const info = uwsRequestInfo(res, req);
      const refused = guard?.(info);
      if (refused) {
        res.cork(() => sendUws(res, refused, false));
        return;
      }
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      res.upgrade({ remoteAddress: info.remoteAddress }, key, protocol, extensions, context);
    },
    open: (ws) => {
      const data = ws.getUserData() as { peer?: UwsPeer; remoteAddress?: string };
      const peer = new UwsPeer(ws, route.maxBufferedBytes, data.remoteAddress ?? '');
      data.peer = peer;
      route.open(peer);
    },
    close: (ws) => {
      const peer = (ws.getUserData() as { peer?: UwsPeer }).peer;
      if (!peer) return;
      peer.closed = true;
      route.close(peer);
    },
  });
}

class UwsPeer implements WsPeer {
  closed = false;
  constructor(
    private readonly ws: UwsWebSocket,
    private readonly maxBufferedBytes: number,
    readonly remoteAddress: string,
  ) {}

  send(text: string): SendResult {
    if (this.closed) return 'dropped';
    if (this.ws.getBufferedAmount() + Buffer.byteLength(text) > this.maxBufferedBytes) {
      this.close();
      return 'dropped';
    }
    // 2 = dropped at the backpressure limit (uWS then closes the socket: closeOnBackpressureLimit).
    return this.ws.send(text, false) === 2 ? 'dropped' : 'sent';
  }

  bufferedBytes(): number {
    return this.closed ? 0 : this.ws.getBufferedAmount();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.end(1008, 'too slow');
  }
}
