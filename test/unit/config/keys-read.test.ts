// No setting is accepted and ignored: every key of the schema is read by code outside src/config/schema, or is
// named in a start-up / --check-config warning (src/config/not-applied.ts, or the schema's x-ignored sections),
// or is on the explicit PENDING list below.
//
// "Read" is checked on the source text (comments removed): the key's name must appear as a property access
// (`.name`), a string ('name') or a destructured name ({ name }) in src/ or workers/. Names used by many files
// (enable, host, port, ...) must also appear in a file that names one of the key's sections, or lives in a
// folder named after one (src/destinations/influxdb/ for influxdbConfig), so `crashFile.enable` is not
// satisfied by `mqttConfig.enable` being read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configKeyReference } from '../../../src/config/key-reference.js';
import { NOT_APPLIED } from '../../../src/config/not-applied.js';
import { repoRoot } from '../../support/paths.js';

// Keys that are neither read nor warned about yet, with the reason; empty now. A key put here must say which
// issue implements it, and the last test fails for an entry whose key is read by then.
const PENDING: Record<string, string> = {};

const GENERIC_FILES = 5;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (path.endsWith(join('src', 'config', 'schema'))) continue;
      out.push(...sourceFiles(path));
    } else if (path.endsWith('.ts')) {
      out.push(path);
    }
  }
  return out;
}

const sources = [...sourceFiles(join(repoRoot(), 'src')), ...sourceFiles(join(repoRoot(), 'workers'))].map((file) => ({
  file: file.toLowerCase(),
  // Block comments, then line comments that start a line or follow whitespace (not the // of a URL).
  text: readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1'),
}));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const reference = (name: string): RegExp => new RegExp(`\\.${escape(name)}\\b|['"\`]${escape(name)}['"\`]|[{,]\\s*${escape(name)}\\s*[,}:=]`);

/** Whether code outside the schema reads the key at this path (list items written `list[]`). */
function isRead(path: string): boolean {
  const segments = path.replace(/\[\]/g, '').split('.');
  const leaf = segments[segments.length - 1];
  const sections = segments.slice(0, -1);
  const hits = sources.filter((s) => reference(leaf).test(s.text));
  if (hits.length <= GENERIC_FILES) return hits.length > 0;
  const folders = sections.map((name) => name.replace(/Config$/, '').toLowerCase());
  // A section name is distinctive: the file must mention it at all (a parameter named after it counts, as in
  // `userEvents.excludeUser`).
  const mentions = (name: string): RegExp => new RegExp(`\\b${escape(name)}\\b`);
  return hits.some((s) => sections.length === 0 || sections.some((name) => mentions(name).test(s.text)) || folders.some((f) => s.file.includes(f)));
}

const schemaPaths = configKeyReference().map((r) => r.path);
const warned = new Set(NOT_APPLIED.map((n) => n.key));
const ignoredSections = new Set(configKeyReference().filter((r) => r.default.startsWith('ignored')).map((r) => r.path));

test('every schema key is read by code, warned about by name, or pending on another branch', () => {
  const unaccounted = schemaPaths.filter((path) => !isRead(path) && !warned.has(path) && !ignoredSections.has(path) && !(path in PENDING));
  assert.deepEqual(unaccounted, [], 'keys no code reads: implement them, or add them to src/config/not-applied.ts with the reason');
});

test('the warned and pending lists name real schema keys that no code reads (no stale entries)', () => {
  for (const key of [...warned, ...Object.keys(PENDING)]) assert.ok(schemaPaths.includes(key), `${key} is not a schema key`);
  for (const key of warned) assert.ok(!(key in PENDING), `${key} is both warned about and pending`);
  const nowRead = Object.keys(PENDING).filter(isRead);
  assert.deepEqual(nowRead, [], 'these keys are read now: delete them from PENDING in this test');
});

test('the check is real: a key the code reads passes, an invented one does not', () => {
  assert.equal(isRead('prometheus.nodeMetricsPort'), true);
  assert.equal(isRead('influxdbConfig.v3Config.queryTimeout'), true);
  assert.equal(isRead('crashFile.enable'), true);
  assert.equal(isRead('noSuchSection.enable'), false, '`enable` alone, read for other sections, does not count');
  assert.equal(isRead('logEvents.udpServerConfig.notAKeyAnywhere'), false);
});
