// The parts of an HttpLineSink every version builds the same way from the shared keys: the clock, where to
// connect, the write pool and the background provisioning loop.

import type { AppLogger } from '../../log/logger.js';
import { systemClock, type Clock } from '../../clock.js';
import { connectionOf, type InfluxConnection } from './connection.js';
import { gzipFor } from './gzip-default.js';
import { HttpLineWriter } from './http-line-writer.js';
import { DEFAULT_PROVISION_RETRY, type InfluxdbCommonKeys, type ProvisionRetry } from './options.js';
import { ProvisionLoop } from '../provision-loop.js';

export interface InfluxSinkDeps {
  logger: AppLogger;
  clock?: Clock;
  provisionRetry?: ProvisionRetry;
}

export interface SharedSinkParts {
  clock: Clock;
  connection: InfluxConnection;
  /** A write pool towards the connection's origin; `authorization` is the header value (none: v1's query). */
  writer(timeoutMs: number, authorization?: string): HttpLineWriter;
  /** Runs `provision` at start and in the background until it succeeds; `target` names it in logs. */
  provisionLoop(provision: () => Promise<void>, target: string): ProvisionLoop;
}

export function sharedSinkParts(config: InfluxdbCommonKeys, deps: InfluxSinkDeps): SharedSinkParts {
  const clock = deps.clock ?? systemClock;
  const connection = connectionOf(config);
  return {
    clock,
    connection,
    writer: (timeoutMs, authorization) =>
      new HttpLineWriter({ origin: connection.origin, tls: connection.tls, authorization, gzip: gzipFor(config.host, config.gzip), timeoutMs }),
    provisionLoop: (provision, target) => new ProvisionLoop(provision, { logger: deps.logger, clock, retry: deps.provisionRetry ?? DEFAULT_PROVISION_RETRY, target }),
  };
}
