// Every metric this destination sends: name, unit (UCUM), shape, value type and description. Encoders take
// unit/shape/type from here and the sink adds the description, so this table is the one place a metric is
// defined; docs/open-telemetry.md#metrics lists the same (a unit test keeps them equal).
import type { MetricShape } from './records.js';

export interface MetricDef {
  unit: string;
  shape: MetricShape;
  vt: 'int' | 'double';
  description: string;
}

const g = (unit: string, vt: 'int' | 'double', description: string): MetricDef => ({ unit, shape: 'gauge', vt, description });
const delta = (unit: string, vt: 'int' | 'double', description: string): MetricDef => ({ unit, shape: 'delta', vt, description });
const cumulative = (unit: string, description: string): MetricDef => ({ unit, shape: 'cumulative', vt: 'int', description });

export const METRICS = {
  // HEALTH_METRICS: one engine health poll.
  'qlik_sense.engine.memory.committed': g('MBy', 'double', 'Engine committed memory, as the engine reports it'),
  'qlik_sense.engine.memory.allocated': g('MBy', 'double', 'Engine allocated memory'),
  'qlik_sense.engine.memory.free': g('MBy', 'double', 'Free memory on the server'),
  'qlik_sense.engine.cpu.total': g('%', 'double', 'Engine CPU use'),
  'qlik_sense.engine.sessions.active': g('{session}', 'int', 'Active engine sessions'),
  'qlik_sense.engine.sessions.total': g('{session}', 'int', 'Engine sessions'),
  'qlik_sense.engine.users.active': g('{user}', 'int', 'Active users'),
  'qlik_sense.engine.users.total': g('{user}', 'int', 'Users with a session'),
  'qlik_sense.engine.apps.active': g('{app}', 'int', 'Apps with activity'),
  'qlik_sense.engine.apps.loaded': g('{app}', 'int', 'Apps loaded'),
  'qlik_sense.engine.apps.in_memory': g('{app}', 'int', 'Apps in memory'),
  'qlik_sense.engine.apps.calls': cumulative('{call}', 'Engine calls since the engine started'),
  'qlik_sense.engine.apps.selections': cumulative('{selection}', 'Selections since the engine started'),
  'qlik_sense.engine.cache.hits': cumulative('{hit}', 'Cache hits since the engine started'),
  'qlik_sense.engine.cache.lookups': cumulative('{lookup}', 'Cache lookups since the engine started'),
  'qlik_sense.engine.cache.added': cumulative('{entry}', 'Cache entries added since the engine started'),
  'qlik_sense.engine.cache.replaced': cumulative('{entry}', 'Cache entries replaced since the engine started'),
  'qlik_sense.engine.cache.bytes_added': cumulative('By', 'Bytes added to the cache since the engine started'),
  'qlik_sense.engine.saturated': g('1', 'int', '1 when the engine reports itself saturated, else 0'),
  // PROXY_SESSIONS: one poll of one virtual proxy.
  'qlik_sense.proxy.sessions': g('{session}', 'int', 'Proxy sessions of the virtual proxy'),
  'qlik_sense.proxy.users': g('{user}', 'int', 'Distinct users with a proxy session'),
  // EVENT_COUNTS and REJECTED_EVENT_COUNTS: counters of one interval.
  'qlik_sense.events': delta('{event}', 'int', 'Log and user events received in the interval'),
  'qlik_sense.qix_perf.rejected': delta('{event}', 'int', 'qix-perf events rejected by the performance monitor filters'),
  'qlik_sense.qix_perf.rejected.process_time': delta('ms', 'double', 'Summed process time of the rejected qix-perf events'),
  // QUEUE_METRICS: one sample of one UDP socket (per interval: delta sums; state: gauges).
  'butler_sos.udp.queue.size': g('{datagram}', 'int', 'Datagrams in the ring not yet parsed'),
  'butler_sos.udp.queue.capacity': g('{datagram}', 'int', 'Ring capacity in datagrams of the average size seen (estimate)'),
  'butler_sos.udp.queue.utilization': g('%', 'double', 'Ring bytes used / ring capacity'),
  'butler_sos.udp.queue.peak_utilization': g('%', 'double', 'Peak ring bytes used / capacity during the interval'),
  'butler_sos.udp.queue.running': g('{datagram}', 'int', 'Datagrams in slices being parsed now'),
  'butler_sos.udp.backpressure': g('1', 'int', '1 when ring utilisation is at or over the backpressure threshold'),
  'butler_sos.udp.rate_limit.current': g('{datagram}/min', 'int', 'Messages per minute in the current rate-limit window'),
  'butler_sos.udp.processing_time.avg': g('ms', 'double', 'Mean parse time per datagram'),
  'butler_sos.udp.processing_time.p95': g('ms', 'double', '95th percentile of the per-slice parse time per datagram'),
  'butler_sos.udp.processing_time.max': g('ms', 'double', 'Largest per-slice parse time per datagram'),
  'butler_sos.udp.messages': delta('{datagram}', 'int', 'Datagrams by outcome (attribute butler_sos.outcome)'),
  'butler_sos.udp.received': delta('By', 'int', 'Payload bytes of the received datagrams'),
  'butler_sos.parse.worker_crashes': delta('{task}', 'int', 'Parse tasks that failed because a worker exited or threw'),
  // BUTLER_MEMORY: one uptime-monitor iteration.
  'butler_sos.memory.heap_used': g('By', 'int', 'V8 heap used'),
  'butler_sos.memory.heap_total': g('By', 'int', 'V8 heap size'),
  'butler_sos.memory.external': g('By', 'int', 'Memory of C++ objects bound to JavaScript'),
  'butler_sos.memory.rss': g('By', 'int', 'Resident set size'),
  'butler_sos.uptime': g('s', 'double', 'Time since the collector started'),
  // ERROR_EVENTS: one counted error.
  'butler_sos.errors': delta('{error}', 'int', 'Errors the collector counted (one point per error)'),
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;

/** Description of a metric ('' for one not in the table, such as test data). */
export function describeMetric(name: string): string {
  return (METRICS as Record<string, MetricDef | undefined>)[name]?.description ?? '';
}
