import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { nodeRequestInfo, rawResponse } from './node-server.js';
import type { HttpReply, HttpRequestInfo } from './types.js';
import type { SendResult, WebSocketRoute, WsPeer } from './websocket.js';

// The node:http engine's WebSocket endpoint (the `ws` package; uWebSockets.js has its own in uws-server.ts).

export function attachNodeWebSocket(server: Server, route: WebSocketRoute, guard?: (req: HttpRequestInfo) => HttpReply | null): { closeAll(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const open = new Set<WebSocket>();
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const info = nodeRequestInfo(req);
    const refused = info.path !== route.path ? notFound() : guard?.(info);
    if (refused) {
      socket.end(rawResponse(refused));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      open.add(ws);
      const peer = nodePeer(ws, route.maxBufferedBytes, info.remoteAddress);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        open.delete(ws);
        route.close(peer);
      });
      route.open(peer);
    });
  });
  return {
    closeAll: () => {
      for (const ws of open) ws.terminate();
      open.clear();
      wss.close();
    },
  };
}

function nodePeer(ws: WebSocket, maxBufferedBytes: number, remoteAddress: string): WsPeer {
  return {
    remoteAddress,
    bufferedBytes: () => ws.bufferedAmount,
    close: () => ws.terminate(),
    send(text: string): SendResult {
      if (ws.readyState !== ws.OPEN) return 'dropped';
      if (ws.bufferedAmount + Buffer.byteLength(text) > maxBufferedBytes) {
        ws.terminate();
        return 'dropped';
      }
      ws.send(text);
      return 'sent';
    },
  };
}

const notFound = (): HttpReply => ({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' });
