import { snapshotProblem } from './snapshot-state.js';
import type { MetricsMessage } from './messages.js';

// Shape checks for messages arriving on the metrics channel. Anything can be posted on a BroadcastChannel, so
// the http thread trusts nothing: each problem names the message type and the part that is wrong.

export type CheckResult = { ok: true; message: MetricsMessage } | { ok: false; problem: string };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function labelsProblem(labels: unknown, where: string): string | null {
  if (!isObj(labels)) return `${where}.labels is not an object`;
  for (const [k, v] of Object.entries(labels)) if (typeof v !== 'string') return `${where}.labels.${k} is not a string`;
  return null;
}

function healthProblem(m: Obj): string | null {
  if (typeof m.server !== 'string') return 'health-poll.server is not a string';
  if (!isNum(m.at)) return 'health-poll.at is not a number';
  if (!isObj(m.engine) || typeof m.engine.version !== 'string' || typeof m.engine.started !== 'string') return 'health-poll.engine needs version and started strings';
  if (!isObj(m.values)) return 'health-poll.values is not an object';
  for (const [k, v] of Object.entries(m.values)) if (!isNum(v)) return `health-poll.values.${k} is not a finite number`;
  return labelsProblem(m.labels, 'health-poll');
}

function sessionProblem(m: Obj): string | null {
  if (typeof m.server !== 'string' || typeof m.virtualProxy !== 'string') return 'session-poll needs server and virtualProxy strings';
  if (!isNum(m.at)) return 'session-poll.at is not a number';
  if (!isNum(m.sessionCount)) return 'session-poll.sessionCount is not a finite number';
  return labelsProblem(m.labels, 'session-poll');
}

function gaugeSetProblem(m: Obj): string | null {
  if (!Array.isArray(m.items)) return 'gauge-set.items is not an array';
  for (const [i, item] of m.items.entries()) {
    const where = `gauge-set.items[${i}]`;
    if (!isObj(item) || typeof item.name !== 'string') return `${where}.name is not a string`;
    if (!isNum(item.value)) return `${where}.value is not a finite number`;
    if (item.help !== undefined && typeof item.help !== 'string') return `${where}.help is not a string`;
    const bad = labelsProblem(item.labels, where);
    if (bad) return bad;
  }
  return null;
}

const CHECKS: Record<string, (m: Obj) => string | null> = {
  'health-poll': healthProblem,
  'session-poll': sessionProblem,
  'gauge-set': gaugeSetProblem,
  collector: (m) => snapshotProblem(m.snapshot),
};

export function checkMetricsMessage(msg: unknown): CheckResult {
  if (!isObj(msg)) return { ok: false, problem: 'metrics message is not an object' };
  const check = typeof msg.t === 'string' ? CHECKS[msg.t] : undefined;
  if (!check) return { ok: false, problem: `unknown metrics message type ${JSON.stringify(msg.t)}` };
  const problem = check(msg);
  return problem ? { ok: false, problem } : { ok: true, message: msg as unknown as MetricsMessage };
}
