import type { AppLogger } from '../../log/logger.js';
import type { EngineChoice } from '../start-server.js';
import type { HttpServerHandle } from '../types.js';
import { loadUws } from '../uws-loader.js';
import { startNodeAuditServer } from './node-audit-server.js';
import type { AuditServerOptions } from './types.js';
import { startUwsAuditServer } from './uws-audit-server.js';

/** Starts the audit API on uWebSockets.js when its binary loads (or as BUTLER_SOS_HTTP_ENGINE says), else node:http(s). */
export async function startAuditServer(opts: AuditServerOptions, choice: EngineChoice, logger: AppLogger): Promise<HttpServerHandle> {
  if (choice !== 'node') {
    const loaded = loadUws();
    if (loaded.ok) return startUwsAuditServer(loaded.uws, opts);
    if (choice === 'uws') throw new Error(`auditEvents.port: uWebSockets.js requested but unavailable: ${loaded.reason}`);
    logger.info(`HTTP: ${loaded.reason}; serving the audit API with node:http`);
  }
  return startNodeAuditServer(opts);
}
