// The bench's counting parts: the sink's line scan and sequence tracker, latency from send log and arrival
// samples, pacing, and flag parsing. These decide what the bench reports, so they get exact checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCounters, scanBody } from '../../../bench/sink/line-scan.js';
import { SAMPLE_EVERY, STEP_SPAN, SeqTracker } from '../../../bench/sink/seq-tracker.js';
import { SendLog } from '../../../bench/sim/send-log.js';
import { latencyOf, percentile } from '../../../bench/latency.js';
import { expectedSent } from '../../../bench/sim/pacing.js';
import { parseSweep, benchOptions } from '../../../bench/bench-options.js';
import { CliError } from '../../../bench/cli-args.js';
import { formatToken } from '../../../bench/sim/sequence-token.js';
import { maxSustained, type StepResult } from '../../../bench/result.js';

const RUN = 321;

function logLine(seq: number): string {
  const token = formatToken(RUN, seq);
  return `log_event,host=sense1,level=WARN,source=qseow-engine message="boom ${token}",raw_event="{\\"message\\":\\"boom ${token}\\"}" 1700000000000000000`;
}

test('scanBody counts lines per measurement, tokens once per line, and sums queue metrics', () => {
  const counters = newCounters();
  const tracker = new SeqTracker(RUN);
  const body = [
    logLine(5),
    logLine(6),
    logLine(5), // a duplicate delivery
    `user_events,host=sense1,userId=joe_${formatToken(RUN, 7)} appId="x" 1`,
    `log_event,host=sense1,source=qseow-qix-perf raw_event="{\\"request_id\\":${RUN}${String(8).padStart(10, '0')}}",process_time=1.5 1`,
    `log_event,host=sense1 message="no token here" 1`,
    `log_events_queue,queue_type=log_events,host=h messages_received=10,messages_dropped_queue_full=2i,queue_utilization_pct=1.5 1`,
    `log_events_queue,queue_type=log_events,host=h messages_received=5,messages_dropped_queue_full=0i 2`,
    `log_event,host=sense1 message="${formatToken(RUN + 1, 9)}" 1`,
    '',
  ].join('\n');
  scanBody(Buffer.from(body), 1000, counters, tracker);
  assert.equal(counters.lines, 9);
  assert.deepEqual(Object.fromEntries(counters.byMeasurement), { log_event: 6, user_events: 1, log_events_queue: 2 });
  assert.equal(counters.eventLinesWithoutToken, 1);
  assert.equal(tracker.foreign, 1);
  const snap = tracker.snapshot(0);
  assert.equal(snap.unique, 4);
  assert.equal(snap.duplicates, 1);
  assert.equal(snap.maxOffset, 8);
  assert.deepEqual(Object.fromEntries(counters.queue.get('log_events_queue') ?? []), {
    messages_received: 15, messages_dropped_queue_full: 2, queue_utilization_pct: 1.5,
  });
});

test('scanBody gives each line only its own token, whether the lines around it have one or not', () => {
  const counters = newCounters();
  const tracker = new SeqTracker(RUN);
  const qix = (seq: number): string => `log_event,source=qseow-qix-perf raw_event="{\\"request_id\\":${RUN}${String(seq).padStart(10, '0')}}" 1`;
  const body = [
    'log_event,host=a message="nothing here" 1', // the next line's token must not count for this one
    logLine(11),
    qix(12),
    'log_event,host=a raw_event="{\\"request_id\\":42}" 1', // a real Qlik request id: no token
    `log_event,host=a message="sim:x sim:${RUN}:12 ${formatToken(RUN, 13)}" 1`, // two false starts, then the token
    'user_events,userId=joe x=1',
    qix(14),
  ].join('\n');
  scanBody(Buffer.from(body), 5, counters, tracker);
  assert.equal(counters.lines, 7);
  assert.equal(counters.eventLinesWithoutToken, 3);
  const snap = tracker.snapshot(0);
  assert.equal(snap.unique, 4);
  assert.equal(snap.duplicates, 0);
  assert.equal(snap.maxOffset, 14);
});

test('SeqTracker keeps steps apart, grows its bitset and samples every SAMPLE_EVERY-th sequence number', () => {
  const tracker = new SeqTracker(RUN);
  const n = 200_000;
  for (let i = 0; i < n; i++) tracker.add(RUN, STEP_SPAN * 3 + i, i);
  tracker.add(RUN, STEP_SPAN * 3 + 17, 0);
  tracker.add(RUN, STEP_SPAN * 4, 0);
  const s3 = tracker.snapshot(3);
  assert.equal(s3.unique, n);
  assert.equal(s3.duplicates, 1);
  assert.equal(s3.sampleSeqs.length, n / SAMPLE_EVERY);
  assert.equal(s3.sampleSeqs[1], STEP_SPAN * 3 + SAMPLE_EVERY);
  assert.equal(tracker.snapshot(4).unique, 1);
  assert.equal(tracker.snapshot(5).unique, 0);
});

test('latency joins send bursts with arrival samples', () => {
  const log = new SendLog();
  log.add(0, 1000); // seqs 0..9 sent at 1000
  log.add(10, 1010); // seqs 10.. sent at 1010
  assert.equal(log.timeOf(9), 1000);
  assert.equal(log.timeOf(10), 1010);
  assert.ok(Number.isNaN(new SendLog().timeOf(3)));
  const seqs = Float64Array.from([0, 4, 8, 12, 16]);
  const arrivals = Float64Array.from([1001, 1002, 1003, 1015, 1110]);
  const l = latencyOf(log.toJSON(), seqs, arrivals);
  assert.equal(l.samples, 5);
  assert.equal(l.p50_ms, 3);
  assert.equal(l.p99_ms, 100);
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
});

test('pacing: the mean rate holds with and without bursts, peaks follow the square wave', () => {
  const steady = { ratePerSec: 10_000, burstiness: 0, burstPeriodMs: 1000 };
  const bursty = { ratePerSec: 10_000, burstiness: 0.5, burstPeriodMs: 1000 };
  assert.equal(expectedSent(steady, 2500), 25_000);
  assert.equal(expectedSent(bursty, 2000), 20_000);
  assert.equal(expectedSent(bursty, 500), 7_500);
  assert.equal(expectedSent(bursty, 1000), 10_000);
});

test('bench flags: sweep combinations, quick defaults, clear errors', () => {
  assert.deepEqual(parseSweep('parse=1,2 writer=1,2', { parse: 'auto', writer: 1 }), [
    { parse: 1, writer: 1 }, { parse: 1, writer: 2 }, { parse: 2, writer: 1 }, { parse: 2, writer: 2 },
  ]);
  const quick = benchOptions(['--quick']);
  assert.deepEqual(quick.rates, [5000, 20000, 50000]);
  assert.equal(quick.durationS, 3);
  assert.deepEqual(benchOptions(['--rate', '75k']).rates, [75_000]);
  assert.throws(() => benchOptions(['--sweep', 'pars=1']), CliError);
  assert.throws(() => benchOptions(['--qiuck']), /did you mean --quick/);
});

test('max_sustained_per_s is the received rate of the best step with nothing lost after the socket', () => {
  const step = (received_per_s: number, lost: number, ring: number | null): StepResult =>
    ({ received_per_s, lost_after_socket: lost, ring_drops: ring, written: 1 }) as StepResult;
  assert.equal(maxSustained([step(5000, 0, 0), step(20_000, 0, null), step(40_000, 3, 0), step(30_000, 0, 5)]), 20_000);
  assert.equal(maxSustained([step(5000, 1, 0)]), 0);
});
