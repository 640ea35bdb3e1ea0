// `v2Config.retentionDuration` as seconds for a bucket retention rule. Butler SOS passed the text as the 1.x
// property `rp`, which the v2 API ignores, so its buckets kept data forever; we send a real `retentionRules` entry.

import { retentionSeconds } from '../retention.js';

const V2_RETENTION_KEY = 'influxdbConfig.v2Config.retentionDuration';

/** Seconds (0 = keep forever) for texts like `10d`, `12h`, `1w2d`, `90m`, `0`, `infinite`; throws naming the key otherwise. */
export function v2RetentionSeconds(text: string): number {
  return retentionSeconds(text, V2_RETENTION_KEY);
}
