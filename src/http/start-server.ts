import type { AppLogger } from '../log/logger.js';
import { startNodeServer } from './node-server.js';
import { loadUws } from './uws-loader.js';
import { startUwsServer } from './uws-server.js';
import type { HttpServerHandle, HttpServerOptions } from './types.js';

// Picks the engine: uWebSockets.js when its native binary loads, node:http otherwise. BUTLER_SOS_HTTP_ENGINE
// (uws | node | auto) overrides the choice; `uws` fails loudly when the binary is missing.

export type EngineChoice = 'auto' | 'uws' | 'node';

export function engineChoice(env: NodeJS.ProcessEnv = process.env): EngineChoice {
  const v = (env.BUTLER_SOS_HTTP_ENGINE ?? 'auto').toLowerCase();
  if (v === 'auto' || v === 'uws' || v === 'node') return v;
  throw new Error(`BUTLER_SOS_HTTP_ENGINE: "${env.BUTLER_SOS_HTTP_ENGINE}" is not one of auto, uws, node`);
}

export async function startHttpServer(opts: HttpServerOptions, choice: EngineChoice, logger: AppLogger): Promise<HttpServerHandle> {
  if (choice !== 'node') {
    const loaded = loadUws();
    if (loaded.ok) return startUwsServer(loaded.uws, opts);
    if (choice === 'uws') throw new Error(`${opts.label}: uWebSockets.js requested but unavailable: ${loaded.reason}`);
    logger.info(`HTTP: ${loaded.reason}; serving ${opts.label} with node:http`);
  }
  return startNodeServer(opts);
}
