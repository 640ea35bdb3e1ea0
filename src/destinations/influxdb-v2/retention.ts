// `v2Config.retentionDuration` as seconds for a bucket retention rule. Butler SOS passed the text as the 1.x
// property `rp`, which the v2 API ignores, so its buckets kept data forever (docs/compatibility.md D2.9.7); we
// send a real `retentionRules` entry.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const PART_RE = /(\d+)\s*(s|m|h|d|w)/gy;

/** Seconds (0 = keep forever) for texts like `10d`, `12h`, `1w2d`, `90m`, `0`, `infinite`; throws a clear error otherwise. */
export function retentionSeconds(text: string, key = 'influxdbConfig.v2Config.retentionDuration'): number {
  const value = text.trim().toLowerCase();
  if (value === '0' || value === '' || value === 'inf' || value === 'infinite') return 0;
  PART_RE.lastIndex = 0;
  let seconds = 0;
  let consumed = 0;
  for (let m = PART_RE.exec(value); m; m = PART_RE.exec(value)) {
    seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
    consumed = PART_RE.lastIndex;
  }
  if (consumed !== value.length || seconds === 0) {
    throw new Error(`${key}: "${text}" is not a duration; use e.g. 10d, 12h, 1w2d, or 0 for infinite retention`);
  }
  // InfluxDB 2.x refuses retention periods under one hour.
  if (seconds < 3600) throw new Error(`${key}: "${text}" is shorter than InfluxDB's minimum retention of 1h`);
  return seconds;
}
