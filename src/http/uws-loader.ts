import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Loads the uWebSockets.js native binary for this Node ABI directly. The package's own entry falls back to a
// JavaScript imitation with a console warning when the binary is missing (Node 22/24 with this build); we want
// our node:http engine instead, chosen quietly, so we look for the binary ourselves.

/** The parts of the uWS module we use (typed loosely: it is a native addon). */
export interface UwsModule {
  App(): UwsApp;
  us_listen_socket_close(socket: unknown): void;
  us_socket_local_port(socket: unknown): number;
}

export interface UwsRequest {
  getUrl(): string;
  getQuery(): string;
  getMethod(): string;
  getHeader(lowerCaseKey: string): string;
}

export interface UwsResponse {
  writeStatus(status: string): UwsResponse;
  writeHeader(key: string, value: string): UwsResponse;
  end(body?: string): UwsResponse;
  endWithoutBody(reportedContentLength?: number): UwsResponse;
  onAborted(handler: () => void): UwsResponse;
  cork(cb: () => void): UwsResponse;
  getRemoteAddressAsText(): ArrayBuffer;
  upgrade(userData: object, key: string, protocol: string, extensions: string, context: unknown): void;
}

export interface UwsWebSocket {
  send(message: string, isBinary?: boolean): number;
  getBufferedAmount(): number;
  end(code?: number, reason?: string): void;
  getUserData(): { peer?: unknown };
}

export interface UwsWebSocketBehavior {
  maxPayloadLength?: number;
  maxBackpressure?: number;
  closeOnBackpressureLimit?: boolean;
  idleTimeout?: number;
  sendPingsAutomatically?: boolean;
  upgrade?: (res: UwsResponse, req: UwsRequest, context: unknown) => void;
  open?: (ws: UwsWebSocket) => void;
  close?: (ws: UwsWebSocket, code: number, message: ArrayBuffer) => void;
}

export interface UwsApp {
  any(pattern: string, handler: (res: UwsResponse, req: UwsRequest) => void): UwsApp;
  ws(pattern: string, behavior: UwsWebSocketBehavior): UwsApp;
  /** options 1 = LIBUS_LISTEN_EXCLUSIVE_PORT (no SO_REUSEPORT). */
  listen(host: string, port: number, options: number, cb: (listenSocket: unknown) => void): UwsApp;
  close(): void;
}

export type UwsLoad = { ok: true; uws: UwsModule } | { ok: false; reason: string };

let cached: UwsLoad | null = null;

export function loadUws(): UwsLoad {
  if (cached) return cached;
  cached = tryLoad();
  return cached;
}

function tryLoad(): UwsLoad {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('uWebSockets.js/package.json'));
  } catch {
    return { ok: false, reason: 'package uWebSockets.js is not installed' };
  }
  const file = join(pkgDir, 'binaries', `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`);
  if (!existsSync(file)) {
    return { ok: false, reason: `no uWebSockets.js binary for ${process.platform}-${process.arch}, Node ABI ${process.versions.modules}` };
  }
  try {
    return { ok: true, uws: require(file) as UwsModule };
  } catch (err) {
    return { ok: false, reason: `uWebSockets.js binary does not load: ${(err as Error).message}` };
  }
}
