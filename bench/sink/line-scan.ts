// What the bench sink learns from one InfluxDB write body: lines per measurement, the simulator's sequence
// token of every event line, and the collector's queue metrics (`*_queue` measurements, whose counters are
// "since the last write", so summing them gives totals). The body is scanned as bytes, never turned into one
// string: at 35,000 events/s the string of each ~1.4 MB body, its collection and a slice per line took the sink
// ~27 % of a core, CPU that the collector under test did not get on a 2-core machine.

import { TokenScanner } from '../sim/sequence-token.js';
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

const COMMA = 0x2c;
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** End of the measurement name of the line starting at `start` (its first comma or space, or the line end). */
function measurementEnd(body: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = body[i];
    if (c === COMMA || c === SPACE) return i;
  }
  return end;
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
export function scanBody(body: Buffer, arrivalMs: number, counters: SinkCounters, tracker: SeqTracker): void {
  const tokens = new TokenScanner(body);
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    if (end > start) {
      const measurement = body.toString('latin1', start, measurementEnd(body, start, end));
      counters.lines++;
      counters.byMeasurement.set(measurement, (counters.byMeasurement.get(measurement) ?? 0) + 1);
      if (EVENT_MEASUREMENTS.has(measurement)) {
        const ref = tokens.inLine(start, end);
        if (ref === null) counters.eventLinesWithoutToken++;
        else tracker.add(ref.runId, ref.seq, arrivalMs);
      } else if (measurement.endsWith('_queue')) {
        addQueueFields(body.toString('utf8', start, end), measurement, counters);
      }
    }
    start = end + 1;
  }
}
