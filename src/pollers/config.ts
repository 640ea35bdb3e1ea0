import type { Config } from '../config/schema/index.js';
import type { DestinationRoute } from '../destinations/routes.js';
import type { EncodingContext } from '../publish/encoding.js';

// The slice of the configuration the pollers read, so tests and the thread entry can build it without a whole
// `Config`, plus the few knobs Butler SOS hard-coded (timeouts, the QRS port) that tests need to change.

export type PollerConfig = Pick<Config, 'cert' | 'serversToMonitor' | 'userSessions' | 'appNames'> & {
  influxdbConfig: Pick<Config['influxdbConfig'], 'includeFields'>;
};

export interface PollerOptions {
  /** Per-request timeout, ms. Butler SOS used 5000 ms for health and sessions. */
  requestTimeoutMs: number;
  /** QRS port for the app list; Butler SOS fixed it to 4242. */
  qrsPort: number;
  /** Where relative certificate paths are resolved (Butler SOS: the working directory). */
  baseDir: string;
  /** Idle keep-alive sockets are closed after this, ms. */
  keepAliveTimeoutMs: number;
  /** Where poll results go: the full config (for the destinations' encoders) and the routes; none: nowhere. */
  publish?: PublishSetup;
}

export interface PublishSetup {
  config: Config;
  routes: readonly DestinationRoute[];
  writerCount: number;
  /** What encoders may need from the collector (default: this package's version). */
  encoding?: EncodingContext;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
export const DEFAULT_QRS_PORT = 4242;

export function defaultPollerOptions(publish?: PublishSetup): PollerOptions {
  return {
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    qrsPort: DEFAULT_QRS_PORT,
    baseDir: process.cwd(),
    keepAliveTimeoutMs: 60_000,
    publish,
  };
}

/** The part of a full `Config` the pollers use. */
export function pollerConfigFrom(config: Config): PollerConfig {
  return {
    cert: config.cert,
    serversToMonitor: config.serversToMonitor,
    userSessions: config.userSessions,
    appNames: config.appNames,
    influxdbConfig: { includeFields: config.influxdbConfig.includeFields },
  };
}

/** True when something polls Qlik Sense and therefore needs the client certificate. */
export function pollsAnything(config: PollerConfig): boolean {
  return config.serversToMonitor.servers.length > 0 || config.appNames.enableAppNameExtract === true;
}
