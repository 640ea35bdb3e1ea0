// The engine-neutral shape of our small HTTP surface. Route handlers never see uWebSockets.js or node:http
// objects, so the engine can be swapped (uWS where its native binary loads, node:http elsewhere).
import type { WebSocketRoute } from './websocket.js';

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** What a handler may know about a request (read up front: uWS request objects die after the callback). */
export interface HttpRequestInfo {
  /** Upper case. */
  method: string;
  path: string;
  /** Query string without the '?'. */
  query: string;
  /** The few headers handlers read (REQUEST_HEADERS), lower-case names; absent ones are ''. */
  headers: Readonly<Record<RequestHeader, string>>;
  remoteAddress: string;
}

export const REQUEST_HEADERS = ['cookie', 'authorization'] as const;
export type RequestHeader = (typeof REQUEST_HEADERS)[number];

/** A GET handler; HEAD is answered from it without the body. */
export type RouteHandler = (req: HttpRequestInfo) => HttpReply | Promise<HttpReply>;

/** Exact path → handler (no patterns: the endpoints are fixed). */
export type Routes = ReadonlyMap<string, RouteHandler>;

export type HttpEngineName = 'uws' | 'node';

export interface HttpServerOptions {
  host: string;
  /** 0 lets the OS pick a free port (tests). */
  port: number;
  routes: Routes;
  /** For log lines and errors, e.g. "prometheus.port". */
  label: string;
  /** Runs before routing (and before a WebSocket upgrade); a reply ends the request there. */
  guard?: (req: HttpRequestInfo) => HttpReply | null;
  /** Reply for unknown paths (default: a JSON 404). */
  notFound?: RouteHandler;
  /** A WebSocket endpoint on the same server (src/http/websocket.ts). */
  webSocket?: WebSocketRoute;
}

export interface HttpServerHandle {
  readonly engine: HttpEngineName;
  readonly host: string;
  /** The bound port (the OS-assigned one when asked for 0). */
  readonly port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
  /** Synchronous close, for exit paths that cannot wait. */
  closeNow(): void;
}

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  302: 'Found',
  401: 'Unauthorized',
  429: 'Too Many Requests',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
