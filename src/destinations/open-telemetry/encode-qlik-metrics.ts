// Health polls, proxy-session polls and event counts → OTel metric data points (docs/open-telemetry.md#metrics).
// Engine counters that Qlik reports as totals since the engine started (calls, selections, cache) are
// cumulative sums starting at the engine's `started` time; per-interval counts are delta sums.
import type { PublishedData } from '../../publish/published-data.js';
import type { RecordOut } from '../../publish/encoding.js';
import { parseQlikStarted } from '../../points/uptime.js';
import { pointsOf } from './point-writer.js';
import { qlikHostResource, qlikService, serverResource } from './resources.js';

export function encodeHealth({ server, body, timeUs }: PublishedData['HEALTH_METRICS'], out: RecordOut): void {
  const startedMs = parseQlikStarted(body.started);
  const p = pointsOf(out, serverResource(server, 'qlik-sense-engine', body.version), timeUs, startedMs * 1000);
  p('qlik_sense.engine.memory.committed', body.mem.committed);
  p('qlik_sense.engine.memory.allocated', body.mem.allocated);
  p('qlik_sense.engine.memory.free', body.mem.free);
  p('qlik_sense.engine.cpu.total', body.cpu.total);
  p('qlik_sense.engine.sessions.active', body.session.active);
  p('qlik_sense.engine.sessions.total', body.session.total);
  p('qlik_sense.engine.users.active', body.users.active);
  p('qlik_sense.engine.users.total', body.users.total);
  p('qlik_sense.engine.apps.active', (body.apps.active_docs ?? []).length);
  p('qlik_sense.engine.apps.loaded', (body.apps.loaded_docs ?? []).length);
  p('qlik_sense.engine.apps.in_memory', (body.apps.in_memory_docs ?? []).length);
  p('qlik_sense.engine.apps.calls', body.apps.calls);
  p('qlik_sense.engine.apps.selections', body.apps.selections);
  p('qlik_sense.engine.cache.hits', body.cache.hits);
  p('qlik_sense.engine.cache.lookups', body.cache.lookups);
  p('qlik_sense.engine.cache.added', body.cache.added);
  p('qlik_sense.engine.cache.replaced', body.cache.replaced);
  p('qlik_sense.engine.cache.bytes_added', body.cache.bytes_added);
  if (body.saturated !== undefined) p('qlik_sense.engine.saturated', body.saturated ? 1 : 0);
}

export function encodeSessions(d: PublishedData['PROXY_SESSIONS'], out: RecordOut): void {
  const p = pointsOf(out, serverResource(d.server, 'qlik-sense-proxy'), d.timeUs);
  const a = { 'qlik_sense.virtual_proxy': d.virtualProxy, 'qlik_sense.proxy.host': d.sessionHost };
  const users = new Set(d.sessions.map((s) => `${s.UserDirectory}\\${s.UserId}`));
  p('qlik_sense.proxy.sessions', d.sessions.length, a);
  p('qlik_sense.proxy.users', users.size, a);
}

/** `intervalMs`: qlikSenseEvents.influxdb.writeFrequency, the tracker's counter interval. */
export function eventCountEncoder(intervalMs: number) {
  return ({ row, timeUs }: PublishedData['EVENT_COUNTS'], out: RecordOut): void => {
    const p = pointsOf(out, qlikHostResource(row.host, qlikService(row.source)), timeUs, timeUs - intervalMs * 1000);
    p('qlik_sense.events', row.counter, { 'qlik_sense.event.type': row.eventType, 'qlik_sense.source': row.source, 'qlik_sense.subsystem': row.subsystem });
  };
}
