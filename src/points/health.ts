import { boolLiteralFor, pushField, type FieldDef, type InfluxVersion, type Point, type Tag } from './point.js';
import {
  appsSchema,
  cacheSchema,
  cpuSchema,
  memSchema,
  saturatedSchema,
  senseServerSchema,
  sessionSchema,
  usersSchema,
} from './schema/health.js';
import { serverTags, type ServerIdentity } from './server-tags.js';
import { orderMembers } from './tags.js';
import { formatUptime } from './uptime.js';

// Engine health check → eight points per poll and server (docs/data-model.md#sense_server).

/** The engine's `/engine/healthcheck` body as far as Butler SOS reads it. Lists Qlik left out count as empty. */
export interface EngineHealthBody {
  version: string;
  started: string;
  mem: { committed: number; allocated: number; free: number };
  apps: { active_docs?: string[]; loaded_docs?: string[]; in_memory_docs?: string[]; calls: number; selections: number };
  cpu: { total: number };
  session: { active: number; total: number };
  users: { active: number; total: number };
  cache: { hits: number; lookups: number; added: number; replaced: number; bytes_added: number };
  saturated?: boolean;
}

export interface HealthPointOptions {
  /** `influxdbConfig.includeFields`: write the doc-id lists (and, with app names on, the name lists). */
  includeFields: { activeDocs: boolean; loadedDocs: boolean; inMemoryDocs: boolean };
  /** `appNames.enableAppNameExtract`. */
  appNameExtract: boolean;
  /** App id → name from the QRS app list. */
  appName: (id: string) => string | undefined;
}

const SESSION_APP_PREFIX = 'SessionApp';

/** v3 clamps negative and non-numeric counters to 0 (Butler's validateUnsignedField). */
function counter(value: number, version: InfluxVersion): number {
  if (version !== 3) return value;
  return typeof value === 'number' && value > 0 ? value : 0;
}

function newPoint(measurement: string, tags: readonly Tag[], version: InfluxVersion, timeUs: number | undefined): Point {
  return { measurement, tags: tags.slice(), fields: [], timeUs, boolLiteral: boolLiteralFor(version) };
}

interface DocLists {
  docs: string;
  names: string;
  sessionNames: string;
}

/** The three strings Butler writes for one doc list, '' unless includeFields (and app-name extraction) asks. */
function docLists(ids: readonly string[], include: boolean, opts: HealthPointOptions, version: InfluxVersion): DocLists {
  if (!include) return { docs: '', names: '', sessionNames: '' };
  const docs = ids.join(',');
  if (!opts.appNameExtract) return { docs, names: '', sessionNames: '' };
  const names: string[] = [];
  const sessionApps: string[] = [];
  for (const id of ids) {
    if (id.startsWith(SESSION_APP_PREFIX)) sessionApps.push(id);
    else names.push(opts.appName(id) ?? id);
  }
  names.sort();
  sessionApps.sort();
  // node-influx (v1) wrote the arrays Butler built with each element in double quotes.
  const join = (list: string[]): string => (version === 1 ? list.map((n) => `"${n}"`).join(',') : list.join(','));
  return { docs, names: join(names), sessionNames: join(sessionApps) };
}

function appsPoint(body: EngineHealthBody, tags: readonly Tag[], version: InfluxVersion, opts: HealthPointOptions, timeUs?: number): Point {
  const m = appsSchema.v[version];
  const p = newPoint(appsSchema.measurement, tags, version, timeUs);
  const active = body.apps.active_docs ?? [];
  const loaded = body.apps.loaded_docs ?? [];
  const inMemory = body.apps.in_memory_docs ?? [];
  const a = docLists(active, opts.includeFields.activeDocs, opts, version);
  const l = docLists(loaded, opts.includeFields.loadedDocs, opts, version);
  const i = docLists(inMemory, opts.includeFields.inMemoryDocs, opts, version);
  const f = p.fields;
  pushField(f, m.activeDocsCount, active.length);
  pushField(f, m.loadedDocsCount, loaded.length);
  pushField(f, m.inMemoryDocsCount, inMemory.length);
  pushField(f, m.activeDocs, a.docs);
  pushField(f, m.loadedDocs, l.docs);
  pushField(f, m.inMemoryDocs, i.docs);
  pushField(f, m.activeDocsNames, a.names);
  pushField(f, m.loadedDocsNames, l.names);
  pushField(f, m.inMemoryDocsNames, i.names);
  pushField(f, m.activeSessionDocsNames, a.sessionNames);
  pushField(f, m.loadedSessionDocsNames, l.sessionNames);
  pushField(f, m.inMemorySessionDocsNames, i.sessionNames);
  pushField(f, m.calls, counter(body.apps.calls, version));
  pushField(f, m.selections, counter(body.apps.selections, version));
  return p;
}

function simplePoint(
  measurement: string,
  tags: readonly Tag[],
  version: InfluxVersion,
  timeUs: number | undefined,
  values: ReadonlyArray<readonly [FieldDef | undefined, number | string | boolean]>,
): Point {
  const p = newPoint(measurement, tags, version, timeUs);
  for (const [def, value] of values) pushField(p.fields, def, value);
  return p;
}

/**
 * The eight health points of one poll, in Butler's order: sense_server, mem, apps, cpu, session, users, cache,
 * saturated. `timeUs` is the poll time; it is also "now" for the uptime.
 */
export function healthPoints(
  body: EngineHealthBody,
  server: ServerIdentity,
  version: InfluxVersion,
  opts: HealthPointOptions,
  timeUs: number,
): Point[] {
  const tags = serverTags(server);
  const c = (v: number): number => counter(v, version);
  const ss = senseServerSchema.v[version];
  const mem = memSchema.v[version];
  const cpu = cpuSchema.v[version];
  const ses = sessionSchema.v[version];
  const usr = usersSchema.v[version];
  const cache = cacheSchema.v[version];
  const points: Point[] = [
    simplePoint(senseServerSchema.measurement, tags, version, timeUs, [
      [ss.version, body.version],
      [ss.started, body.started],
      [ss.uptime, formatUptime(body.started, timeUs / 1000)],
    ]),
    simplePoint(memSchema.measurement, tags, version, timeUs, [
      [mem.comitted, body.mem.committed],
      [mem.allocated, body.mem.allocated],
      [mem.free, body.mem.free],
    ]),
    appsPoint(body, tags, version, opts, timeUs),
    simplePoint(cpuSchema.measurement, tags, version, timeUs, [[cpu.total, c(body.cpu.total)]]),
    simplePoint(sessionSchema.measurement, tags, version, timeUs, [
      [ses.active, c(body.session.active)],
      [ses.total, c(body.session.total)],
    ]),
    simplePoint(usersSchema.measurement, tags, version, timeUs, [
      [usr.active, c(body.users.active)],
      [usr.total, c(body.users.total)],
    ]),
    simplePoint(cacheSchema.measurement, tags, version, timeUs, [
      [cache.hits, c(body.cache.hits)],
      [cache.lookups, c(body.cache.lookups)],
      [cache.added, c(body.cache.added)],
      [cache.replaced, c(body.cache.replaced)],
      [cache.bytesAdded, c(body.cache.bytes_added)],
    ]),
  ];
  const sat = saturatedSchema.v[version];
  const saturated = newPoint(saturatedSchema.measurement, tags, version, timeUs);
  if (typeof body.saturated === 'boolean') pushField(saturated.fields, sat.saturated, body.saturated);
  points.push(saturated);
  for (const p of points) orderMembers(p, version);
  return points;
}
