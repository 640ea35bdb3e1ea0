import type { EngineHealthBody } from '../points/index.js';
import { BodyReader } from './body-reader.js';

// The engine health check body (docs/pollers.md), validated into the values Butler SOS extracts (docs/data-model.md),
// in the shape the point builders take. Extra keys (totalPhysical, …) are ignored. Older engines (Qlik's 2016
// example) leave out in_memory_docs and saturated: those read as an empty list and no `saturated` point, where
// Butler SOS's writers threw. A value that is present with the wrong type is an error.

/** Validates a parsed health check body; throws a BodyError naming every missing or mistyped value. */
export function readHealthBody(body: unknown): EngineHealthBody {
  const r = new BodyReader('health check body');
  const root = r.object(body, '$');
  const mem = r.object(root.mem, 'mem');
  const cpu = r.object(root.cpu, 'cpu');
  const session = r.object(root.session, 'session');
  const users = r.object(root.users, 'users');
  const apps = r.object(root.apps, 'apps');
  const cache = r.object(root.cache, 'cache');
  const sample: EngineHealthBody = {
    version: r.string(root.version, 'version'),
    started: r.string(root.started, 'started'),
    mem: {
      // Qlik's own 2016 documentation example spells it "comitted"; accept both spellings.
      committed: r.number(mem.committed ?? mem.comitted, 'mem.committed'),
      allocated: r.number(mem.allocated, 'mem.allocated'),
      free: r.number(mem.free, 'mem.free'),
    },
    cpu: { total: r.number(cpu.total, 'cpu.total') },
    session: { active: r.number(session.active, 'session.active'), total: r.number(session.total, 'session.total') },
    users: { active: r.number(users.active, 'users.active'), total: r.number(users.total, 'users.total') },
    apps: {
      active_docs: r.optionalStringArray(apps.active_docs, 'apps.active_docs'),
      loaded_docs: r.optionalStringArray(apps.loaded_docs, 'apps.loaded_docs'),
      in_memory_docs: r.optionalStringArray(apps.in_memory_docs, 'apps.in_memory_docs'),
      calls: r.number(apps.calls, 'apps.calls'),
      selections: r.number(apps.selections, 'apps.selections'),
    },
    cache: {
      hits: r.number(cache.hits, 'cache.hits'),
      lookups: r.number(cache.lookups, 'cache.lookups'),
      added: r.number(cache.added, 'cache.added'),
      replaced: r.number(cache.replaced, 'cache.replaced'),
      bytes_added: r.number(cache.bytes_added, 'cache.bytes_added'),
    },
    saturated: r.optionalBoolean(root.saturated, 'saturated'),
  };
  r.done();
  return sample;
}
