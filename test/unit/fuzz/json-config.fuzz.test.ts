// Property-based tests (issue 15) of what the pollers read from Qlik Sense (engine health, proxy sessions,
// the QRS app list) and of the config loader: any input is either accepted, with valid points where points
// are made, or refused with the module's own error that names the problem; never a TypeError or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, loadConfigText } from '../../../src/config/load.js';
import { readAppList } from '../../../src/pollers/app-list.js';
import { BodyError } from '../../../src/pollers/body-reader.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import { readSessionBody } from '../../../src/pollers/session-body.js';
import { encodeLines, healthPoints, sessionPoints } from '../../../src/points/index.js';
import { fixturePath } from '../../support/paths.js';
import { checkLines, defaultConfigObject, nastyText, RUNS } from '../../support/fuzz.js';

const json = (name: string): unknown => JSON.parse(readFileSync(fixturePath('spec', 'http', name), 'utf8'));
const SERVER = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { server_group: 'DEV' } };
const OPTS = { includeFields: { activeDocs: true, loadedDocs: true, inMemoryDocs: true }, appNameExtract: true, appName: () => 'an app' };
const NOW_US = 1_733_000_000_000_000;

/** A copy of `value` with the node at a random path replaced (or removed) by `replacement`. */
function replaceAt(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  if (remove && path.length === 1) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  (copy as Record<string, unknown>)[key] = replaceAt((value as Record<string, unknown>)[key], path.slice(1), replacement, remove);
  return copy;
}

/** Valid documents with one node replaced by anything JSON can hold, or removed; or any JSON at all. */
function mangledJson(seeds: unknown[]): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(fc.jsonValue({ maxDepth: 2 }), nastyText, fc.constantFrom(null, -1, 1e308, -0, '', [], {}));
  return fc.oneof(
    fc.tuple(fc.constantFrom(...seeds), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), replacement, fc.boolean()).map(([seed, path, r, remove]) =>
      replaceAt(seed, path, r, remove),
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

function refusedWith<E extends Error>(fn: () => void, type: new (...args: never[]) => E): boolean {
  try {
    fn();
    return false;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${(err as Error)?.stack}`);
    assert.ok((err as Error).message.length > 0);
    return true;
  }
}

test('engine health body: accepted with valid points (v1, v2, v3), or refused with a BodyError', () => {
  const seeds = ['healthcheck-constructed-realistic.json', 'healthcheck-from-tests.json', 'healthcheck-qlik-docs-3.1-example.json'].map(json);
  for (const seed of seeds) readHealthBody(seed);
  fc.assert(
    fc.property(mangledJson(seeds), (body) => {
      let parsed: ReturnType<typeof readHealthBody> | undefined;
      if (refusedWith(() => (parsed = readHealthBody(body)), BodyError)) return;
      for (const v of [1, 2, 3] as const) assert.deepEqual(checkLines(encodeLines(healthPoints(parsed!, SERVER, v, OPTS, NOW_US)), v), []);
    }),
    { numRuns: RUNS * 2 },
  );
});

test('proxy session list: accepted with valid points (v1, v2, v3), or refused with a BodyError', () => {
  const seeds = ['qps-session-constructed.json', 'qps-session-from-tests.json'].map(json);
  const target = { server: SERVER, virtualProxy: '/', sessionHost: 'sense1.lab.local:4243' };
  fc.assert(
    fc.property(mangledJson(seeds), (body) => {
      let parsed: ReturnType<typeof readSessionBody> | undefined;
      if (refusedWith(() => (parsed = readSessionBody(body)), BodyError)) return;
      for (const v of [1, 2, 3] as const) assert.deepEqual(checkLines(encodeLines(sessionPoints(parsed!, target, v, NOW_US)), v), []);
    }),
    { numRuns: RUNS * 2 },
  );
});

test('QRS app list: accepted as an id → name map, or refused with a BodyError', () => {
  const seeds = [json('qrs-app-list-constructed.json')];
  fc.assert(
    fc.property(mangledJson(seeds), (body) => {
      let map: Map<string, string> | undefined;
      if (refusedWith(() => (map = readAppList(body)), BodyError)) return;
      for (const [id, name] of map!) assert.ok(typeof id === 'string' && typeof name === 'string');
    }),
    { numRuns: RUNS },
  );
});

test('config loader: any YAML text loads or is refused with a ConfigError listing its problems', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue({ maxDepth: 3 }).map((v) => stringify({ 'Butler-SOS': v }))), (text) => {
      refusedWith(() => loadConfigText(text, 'fuzz.yaml', {}, { skipVerification: true }), ConfigError);
    }),
    { numRuns: RUNS },
  );
});

test('config loader: the default file with one key replaced or removed loads or is refused naming the file', () => {
  const base = defaultConfigObject();
  fc.assert(
    fc.property(
      fc.array(fc.nat(), { minLength: 2, maxLength: 6 }),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), nastyText, fc.constantFrom(null, -1, 0, 65536, true, '', [], {})),
      fc.boolean(),
      (path, replacement, remove) => {
        const text = stringify(replaceAt(base, [0, ...path], replacement, remove));
        try {
          loadConfigText(text, 'fuzz.yaml', {}, { skipVerification: true });
        } catch (err) {
          assert.ok(err instanceof ConfigError, (err as Error)?.stack);
          assert.ok(err.message.includes('fuzz.yaml'), err.message);
        }
      },
    ),
    { numRuns: RUNS / 2 },
  );
});
