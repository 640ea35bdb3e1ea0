// Flags of `npm run bench` and the options they resolve to.
import { CliError, numberFlag, parseFlags, stringFlag, type FlagSpecs } from './cli-args.js';

export const BENCH_FLAGS: FlagSpecs = {
  quick: { kind: 'switch', help: 'short run (< 2 min): 3 steps of 3 s, 2 s baseline' },
  'audit-duration': { kind: 'value', help: 'seconds of the audit step (Audit.qs API → Parquet, events/s accepted and lost); 0 skips it', default: '5 (quick: 2)' },
  soak: { kind: 'value', help: 'soak mode: steady load (--rate, default 5000/s) for this many minutes; RSS, heap per thread, event-loop delay and loss over time (--json, --svg)' },
  rate: { kind: 'value', help: 'one fixed rate instead of the ladder (datagrams/s)' },
  ladder: { kind: 'value', help: 'comma-separated rates', default: '5k,10k,20k,35k,50k,75k,100k,150k,200k (quick: 5k,20k,50k)' },
  duration: { kind: 'value', help: 'seconds per step', default: '10 (quick: 3)' },
  'baseline-duration': { kind: 'value', help: 'seconds of the bare-dgram baseline', default: '5 (quick: 2)' },
  warmup: {
    kind: 'value',
    help: 'seconds of load at the first rate after the collector starts, not reported (JIT compilation and first connections would otherwise land in the first step); 0 skips it',
    default: '3 (quick: 1)',
  },
  parse: { kind: 'value', help: 'parse workers (threads.parseWorkers): N or auto', default: 'auto' },
  writer: { kind: 'value', help: 'writer workers (threads.writerWorkers)', default: '1' },
  sweep: { kind: 'value', help: "worker sweep, e.g. 'parse=1,2,3' or 'parse=1,2 writer=1,2'" },
  collector: { kind: 'value', help: 'real (dist/src/main.js) or mock (bench stand-in, tests the bench only)', default: 'real' },
  entry: { kind: 'value', help: 'collector entry file to run instead of dist/src/main.js (e.g. a before/after build)' },
  launch: { kind: 'value', help: "deployed (the environment the Dockerfile and systemd unit give the collector: src/ops/launch-env.ts) or plain (bare node, e.g. for a build from before that environment existed)", default: 'deployed' },
  'node-args': { kind: 'value', help: "extra node flags for the collector process only, space-separated (e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof')" },
  influxdb: { kind: 'value', help: 'URL of a real InfluxDB 1.x; the sink then forwards to it and counts what it acknowledged' },
  rcvbuf: { kind: 'value', help: 'UDP receive buffer bytes (ingest.udpReceiveBufferBytes)', default: '8388608' },
  'ring-bytes': { kind: 'value', help: 'log-event ring size in bytes (ingest.logEvents.ringBytes)' },
  nodes: { kind: 'value', help: 'nodes in the simulated cluster', default: '4' },
  seed: { kind: 'value', help: 'simulator seed', default: '1' },
  mix: { kind: 'value', help: 'source mix for the simulator (see npm run sim -- --help)' },
  'live-clients': { kind: 'value', help: "headless Chromium pages on the web console's /live during the run, comma-separated counts (e.g. 0,5: each count is a run of its own; the web console is on in every run)" },
  'live-client': { kind: 'value', help: "what --live-clients opens: browser (headless Chromium pages) or ws (WebSocket clients in the bench process that parse but do not render)", default: 'browser' },
  set: { kind: 'value', help: "collector settings over the bench config, dotted keys under Butler-SOS, comma-separated (e.g. 'delivery.flushIntervalMs=100,influxdbConfig.maxBatchSize=2000'); numbers, true/false and auto are typed" },
  'keep-going': { kind: 'switch', help: 'run the whole ladder even after a step lost data' },
  refine: { kind: 'value', help: 'after the ladder, up to N steps halving the gap between the highest rate without loss and the lowest that lost', default: '3 (quick: 0)' },
  json: { kind: 'value', help: 'write the result JSON to this file' },
  svg: { kind: 'value', help: 'write an SVG chart to this file' },
  help: { kind: 'switch', help: 'this text' },
};

export interface WorkerConfig {
  parse: number | 'auto';
  writer: number;
  /** Browsers on /live during this run; undefined = web console off. */
  liveClients?: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Soak mode: minutes of steady load at rates[0]. */
  soakMinutes: number | undefined;
  /** Seconds of the audit step; 0 skips it. */
  auditS: number;
  rates: number[];
  durationS: number;
  baselineS: number;
  /** Unreported load at the first rate before the ladder (seconds; 0 = none). */
  warmupS: number;
  configs: WorkerConfig[];
  collector: 'real' | 'mock';
  entry: string | undefined;
  /** The collector's environment: the shipped launchers' (deployed) or none of it (plain). */
  launch: 'deployed' | 'plain';
  /** Node flags for the collector process (profiling); the bench, simulator and sink never get them. */
  nodeArgs: string[];
  influxdb: string | undefined;
  rcvbuf: number;
  ringBytes: number | undefined;
  /** --set: dotted key → value, applied over the bench's collector config. */
  settings: Array<[string, unknown]>;
  nodes: number;
  seed: string;
  mix: string | undefined;
  keepGoing: boolean;
  /** Steps after the ladder narrowing down the highest lossless rate (bench/refine.ts); 0 with --rate. */
  refineSteps: number;
  liveClientKind: 'browser' | 'ws';
  jsonFile: string | undefined;
  svgFile: string | undefined;
  settleMs: number;
  maxDrainMs: number;
  help: boolean;
}

function rateList(text: string): number[] {
  const rates = text.split(',').map((t) => Number(t.trim().replace(/_/g, '').replace(/k$/i, '000')));
  if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0)) throw new CliError(`--ladder: '${text}' is not a list of positive rates`);
  return rates;
}

function parseCount(text: string, flag: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError(`${flag}: '${text}' is not 'auto' or an integer 1..64`);
  return n;
}

function writerCount(text: string, flag: string): number {
  const n = parseCount(text, flag);
  if (n === 'auto') throw new CliError(`${flag}: writer workers must be a number`);
  return n;
}

/** `parse=1,2,3 writer=1,2` → every combination. */
export function parseSweep(text: string, base: WorkerConfig): WorkerConfig[] {
  let parses: (number | 'auto')[] = [base.parse];
  let writers: number[] = [base.writer];
  for (const part of text.split(/[\s;]+/).filter(Boolean)) {
    const [key, list] = part.split('=');
    if (list === undefined || list === '') throw new CliError(`--sweep: '${part}' is not key=values`);
    if (key === 'parse') parses = list.split(',').map((v) => parseCount(v, '--sweep parse'));
    else if (key === 'writer') writers = list.split(',').map((v) => writerCount(v, '--sweep writer'));
    else throw new CliError(`--sweep: unknown key '${key}' (use parse= and writer=)`);
  }
  return parses.flatMap((parse) => writers.map((writer) => ({ parse, writer })));
}

function liveClientCounts(text: string | undefined): Array<number | undefined> {
  if (text === undefined) return [undefined];
  const counts = text.split(',').map((t) => Number(t.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 0 || n > 20)) throw new CliError(`--live-clients: '${text}' is not a list of counts 0..20`);
  return counts;
}

function liveClientKind(text: string): 'browser' | 'ws' {
  if (text !== 'browser' && text !== 'ws') throw new CliError(`--live-client: '${text}' is not browser or ws`);
  return text;
}

function settingList(text: string | undefined): Array<[string, unknown]> {
  if (text === undefined) return [];
  return text.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    if (eq <= 0 || !/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)*$/.test(key)) throw new CliError(`--set: '${pair}' is not key.path=value`);
    const raw = pair.slice(eq + 1).trim();
    const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    return [key, value];
  });
}

/** Writes `value` at a dotted path of `target`, creating objects on the way. */
export function applySetting(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? { ...(next as Record<string, unknown>) } : {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

export function benchOptions(argv: readonly string[]): BenchOptions {
  const flags = parseFlags(argv, BENCH_FLAGS);
  const quick = flags.switches.has('quick');
  const base: WorkerConfig = {
    parse: parseCount(stringFlag(flags, 'parse', 'auto'), '--parse'),
    writer: writerCount(stringFlag(flags, 'writer', '1'), '--writer'),
  };
  const collector = stringFlag(flags, 'collector', 'real');
  if (collector !== 'real' && collector !== 'mock') throw new CliError(`--collector: '${collector}' is not real or mock`);
  const launch = stringFlag(flags, 'launch', 'deployed');
  if (launch !== 'deployed' && launch !== 'plain') throw new CliError(`--launch: '${launch}' is not deployed or plain`);
  const soakMinutes = flags.values.has('soak') ? numberFlag(flags, 'soak', 1, { min: 0.05, max: 24 * 60 }) : undefined;
  const rates = flags.values.has('rate')
    ? [numberFlag(flags, 'rate', 1000, { min: 1, max: 10_000_000 })]
    : soakMinutes !== undefined
      ? [5000]
      : rateList(stringFlag(flags, 'ladder', quick ? '5k,20k,50k' : '5k,10k,20k,35k,50k,75k,100k,150k,200k'));
  const ringBytes = flags.values.has('ring-bytes') ? numberFlag(flags, 'ring-bytes', 0, { min: 1 << 20, integer: true }) : undefined;
  return {
    quick,
    soakMinutes,
    auditS: numberFlag(flags, 'audit-duration', quick ? 2 : 5, { min: 0, max: 600 }),
    rates,
    durationS: numberFlag(flags, 'duration', quick ? 3 : 10, { min: 0.2, max: 3600 }),
    baselineS: numberFlag(flags, 'baseline-duration', quick ? 2 : 5, { min: 0.2, max: 600 }),
    warmupS: numberFlag(flags, 'warmup', quick ? 1 : 3, { min: 0, max: 600 }),
    configs: (flags.values.has('sweep') ? parseSweep(flags.values.get('sweep') as string, base) : [base]).flatMap((c) =>
      liveClientCounts(flags.values.get('live-clients')).map((liveClients) => (liveClients === undefined ? c : { ...c, liveClients })),
    ),
    collector,
    entry: flags.values.get('entry'),
    launch,
    nodeArgs: (flags.values.get('node-args') ?? '').split(/\s+/).filter(Boolean),
    influxdb: flags.values.get('influxdb'),
    rcvbuf: numberFlag(flags, 'rcvbuf', 8 * 1024 * 1024, { min: 0, integer: true }),
    ringBytes,
    settings: settingList(flags.values.get('set')),
    nodes: numberFlag(flags, 'nodes', 4, { min: 1, max: 1000, integer: true }),
    seed: stringFlag(flags, 'seed', '1'),
    mix: flags.values.get('mix'),
    keepGoing: flags.switches.has('keep-going'),
    refineSteps: flags.values.has('rate') ? 0 : numberFlag(flags, 'refine', quick ? 0 : 3, { min: 0, max: 10, integer: true }),
    liveClientKind: liveClientKind(stringFlag(flags, 'live-client', 'browser')),
    jsonFile: flags.values.get('json'),
    svgFile: flags.values.get('svg'),
    settleMs: quick ? 2000 : 3000,
    maxDrainMs: quick ? 8000 : 20_000,
    help: flags.switches.has('help'),
  };
}
