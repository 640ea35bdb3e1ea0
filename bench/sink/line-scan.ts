// What the bench sink learns from one InfluxDB write body: lines per measurement, the simulator's sequence
// token of every event line, and the collector's queue metrics (`*_queue` measurements, whose counters are
// "since the last write", so summing them gives totals). Plain indexOf scans; no regular expressions.

import { extractSequence } from '../sim/sequence-token.js';
import type { SeqTracker } from './seq-tracker.js';

/** Measurements whose lines carry one simulated event each (docs/data-model.md: v1/v2/v3 names). */
const EVENT_MEASUREMENTS = new Set(['log_event', 'user_events']);

export interface SinkCounters {
  lines: number;
  /** Event lines without a recognisable token (a bug in the pipeline, or a foreign sender). */
  eventLinesWithoutToken: number;
  byMeasurement: Map<string, number>;
  /** measurement → field → sum, for measurements ending in `_queue`. */
  queue: Map<string, Map<string, number>>;
}

export function newCounters(): SinkCounters {
  return { lines: 0, eventLinesWithoutToken: 0, byMeasurement: new Map(), queue: new Map() };
}

function measurementOf(line: string): string {
  const comma = line.indexOf(',');
  const space = line.indexOf(' ');
  const end = comma === -1 ? space : space === -1 ? comma : Math.min(comma, space);
  return end === -1 ? line : line.slice(0, end);
}

/** Index of the first space not escaped by a backslash and not inside a double-quoted field value. */
function unescapedSpace(line: string, from: number): number {
  let quoted = false;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) quoted = !quoted;
    else if (c === 32 && !quoted) return i;
  }
  return -1;
}

function addQueueFields(line: string, measurement: string, counters: SinkCounters): void {
  const fieldsStart = unescapedSpace(line, 0) + 1;
  if (fieldsStart === 0) return;
  const fieldsEnd = unescapedSpace(line, fieldsStart);
  const fields = line.slice(fieldsStart, fieldsEnd === -1 ? undefined : fieldsEnd);
  let sums = counters.queue.get(measurement);
  if (sums === undefined) {
    sums = new Map();
    counters.queue.set(measurement, sums);
  }
  for (const pair of fields.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const raw = pair.endsWith('i') || pair.endsWith('u') ? pair.slice(eq + 1, -1) : pair.slice(eq + 1);
    const value = Number(raw);
    if (Number.isFinite(value)) {
      const key = pair.slice(0, eq);
      sums.set(key, (sums.get(key) ?? 0) + value);
    }
  }
}

/** Scans a line-protocol body; every token goes to `tracker` with `arrivalMs`. */
export function scanBody(body: string, arrivalMs: number, counters: SinkCounters, tracker: SeqTracker): void {
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    if (end > start) {
      const line = body.slice(start, end);
      const measurement = measurementOf(line);
      counters.lines++;
      counters.byMeasurement.set(measurement, (counters.byMeasurement.get(measurement) ?? 0) + 1);
      if (EVENT_MEASUREMENTS.has(measurement)) {
        const ref = extractSequence(line);
        if (ref === null) counters.eventLinesWithoutToken++;
        else tracker.add(ref.runId, ref.seq, arrivalMs);
      } else if (measurement.endsWith('_queue')) {
        addQueueFields(line, measurement, counters);
      }
    }
    start = end + 1;
  }
}
