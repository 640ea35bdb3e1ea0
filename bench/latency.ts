// End-to-end latency (sender → destination acknowledged) from the sender's burst log and the sink's arrival
// samples. Both clocks are this machine's wall clock (performance.timeOrigin + now), so no clock sync.

import { SendLog, type SendLogJson } from './sim/send-log.js';

export interface LatencySummary {
  samples: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const round = (x: number): number => Math.round(x * 100) / 100;

export function latencyOf(sendLog: SendLogJson, sampleSeqs: Float64Array, sampleTimes: Float64Array): LatencySummary {
  const log = SendLog.fromJSON(sendLog);
  const lat = new Float64Array(sampleSeqs.length);
  let n = 0;
  for (let i = 0; i < sampleSeqs.length; i++) {
    const sent = log.timeOf(sampleSeqs[i]);
    if (Number.isFinite(sent)) lat[n++] = Math.max(0, sampleTimes[i] - sent);
  }
  const sorted = lat.subarray(0, n).sort();
  if (n === 0) return { samples: 0, p50_ms: null, p99_ms: null, max_ms: null };
  return { samples: n, p50_ms: round(percentile(sorted, 50)), p99_ms: round(percentile(sorted, 99)), max_ms: round(sorted[n - 1]) };
}
