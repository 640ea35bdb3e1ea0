import { BodyReader } from './body-reader.js';

// The QRS app list (docs/pollers.md): only id and name are used (id → name for user events, qix-perf
// filters and the health app-name lists).

export type AppNameMap = ReadonlyMap<string, string>;

export function readAppList(body: unknown): Map<string, string> {
  const r = new BodyReader('QRS app list');
  if (!Array.isArray(body)) {
    r.problems.push(`$: expected an array of apps, got ${body === null ? 'null' : typeof body}`);
    r.done();
  }
  const map = new Map<string, string>();
  (body as unknown[]).forEach((element, i) => {
    const app = r.object(element, `[${i}]`);
    const id = r.string(app.id, `[${i}].id`);
    const name = typeof app.name === 'string' ? app.name : r.string(app.name, `[${i}].name`);
    if (id !== '') map.set(id, name);
  });
  r.done();
  return map;
}

/** True when two maps hold the same ids with the same names. */
export function sameAppNames(a: AppNameMap, b: AppNameMap): boolean {
  if (a.size !== b.size) return false;
  for (const [id, name] of a) if (b.get(id) !== name) return false;
  return true;
}
