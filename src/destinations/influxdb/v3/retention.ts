// `v3Config.retentionDuration` as the `retention_period` InfluxDB 3 takes when a database is created
// (POST /api/v3/configure/database {"db", "retention_period"}; "If omitted, data doesn't expire"). The text is
// read like v2's (../retention.ts: 10d, 12h, 1w2d; 0 or infinite = keep forever) and sent in one unit the server parses.

import { retentionSeconds } from '../retention.js';

export const V3_RETENTION_KEY = 'influxdbConfig.v3Config.retentionDuration';

/** The retention_period value, or undefined for "keep forever"; throws naming the key for unreadable text. */
export function v3RetentionPeriod(text: string | undefined): string | undefined {
  const seconds = retentionSeconds(text ?? '0', V3_RETENTION_KEY);
  if (seconds === 0) return undefined;
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
