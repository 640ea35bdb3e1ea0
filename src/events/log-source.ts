// Datagram prefixes (docs/inputs.md, docs/inputs.md#user-events-port-9997). Matching is case-insensitive and needs both
// slashes, as Butler.
import type { LogEventSourcesConfig } from './options.js';
import type { LogSource } from './types.js';

export interface KnownLogPrefix {
  source: LogSource;
  /** The `logEvents.source` key that enables it. */
  configKey: keyof LogEventSourcesConfig;
}

const LOG_PREFIXES = new Map<string, KnownLogPrefix>([
  ['/qseow-engine/', { source: 'qseow-engine', configKey: 'engine' }],
  ['/qseow-proxy/', { source: 'qseow-proxy', configKey: 'proxy' }],
  ['/qseow-repository/', { source: 'qseow-repository', configKey: 'repository' }],
  ['/qseow-scheduler/', { source: 'qseow-scheduler', configKey: 'scheduler' }],
  ['/qseow-qix-perf/', { source: 'qseow-qix-perf', configKey: 'qixPerf' }],
]);

const LONGEST_LOG_PREFIX = 19;

/** The known log source for a datagram's first field, or undefined. */
export function recogniseLogPrefix(prefix: string): KnownLogPrefix | undefined {
  const exact = LOG_PREFIXES.get(prefix);
  if (exact !== undefined || prefix.length > LONGEST_LOG_PREFIX) return exact;
  return LOG_PREFIXES.get(prefix.toLowerCase());
}

/** Butler's normalisation of a prefix: lower-case, then the first two '/' removed (wherever they are). */
export function normalisePrefix(prefix: string): string {
  let out = prefix.toLowerCase();
  for (let n = 0; n < 2; n++) {
    const slash = out.indexOf('/');
    if (slash < 0) break;
    out = out.slice(0, slash) + out.slice(slash + 1);
  }
  return out;
}
