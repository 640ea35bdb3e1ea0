// The engine-neutral shape of our small HTTP surface. Route handlers never see uWebSockets.js or node:http
// objects, so the engine can be swapped (uWS where its native binary loads, node:http elsewhere).

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A GET handler; HEAD is answered from it without the body. */
export type RouteHandler = () => HttpReply | Promise<HttpReply>;

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
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
