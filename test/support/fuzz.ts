// Shared generators for the property-based tests (fast-check): valid inputs from the fixtures, and the ways
// a network or a broken sender mangles them (truncation, inserted separators and control characters,
// replaced fields, random bytes).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfigText } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema/index.js';
import { fixturePath, repoRoot } from './paths.js';
import { parseLine, schemaViolations } from './line-protocol-check.js';
import type { InfluxVersion } from '../../src/points/point.js';

/** Runs per property; FUZZ_RUNS raises it for a longer local run. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

function fixtureLines(...path: string[]): string[] {
  return readFileSync(fixturePath('spec', ...path), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const samples = fixtureLines('udp-samples.txt');
export const LOG_SAMPLES = [...samples.filter((l) => !l.startsWith('/qseow-proxy-')), ...fixtureLines('udp', 'log-events-from-tests.txt')];
export const USER_SAMPLES = [...samples.filter((l) => l.startsWith('/qseow-proxy-')), ...fixtureLines('udp', 'user-events-from-tests-and-docs.txt')];

export function defaultConfig(): Config {
  return loadConfigText(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'), 'default.yaml', {}).config;
}

export function defaultConfigObject(): Record<string, unknown> {
  return parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8')) as Record<string, unknown>;
}

/** Text that trips parsers: separators, escapes, quotes, control characters, non-BMP and lone surrogates. */
export const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(';', '\\', '"', ',', '=', ' ', '\n', '\r', '\t', '\0', '\u2028', '\ud800', '(null)', 'T', '/', ':', '{', '}'), maxLength: 20 }),
  fc.constantFrom('', '(null)', 'undefined', 'NaN', '-1', '9'.repeat(400), 'x'.repeat(5000)),
);

/** A valid datagram from `pool`, mangled the ways a network or a broken sender does. */
export function mangled(pool: readonly string[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...pool);
  return fc.oneof(
    base,
    fc.tuple(base, fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
    fc.tuple(base, fc.nat(), nastyText).map(([s, n, t]) => {
      const at = n % (s.length + 1);
      return s.slice(0, at) + t + s.slice(at);
    }),
    fc.tuple(base, fc.nat(), nastyText).map(([s, n, t]) => {
      const fields = s.split(';');
      fields[n % fields.length] = t;
      return fields.join(';');
    }),
    fc.tuple(base, fc.nat()).map(([s, n]) => {
      const fields = s.split(';');
      fields.splice(n % fields.length, 1);
      return fields.join(';');
    }),
    fc.tuple(base, fc.integer({ min: 2, max: 40 })).map(([s, k]) => s + ';x'.repeat(k)),
    fc.string({ unit: 'binary', maxLength: 600 }),
  );
}

/** Every line is one physical line that InfluxDB's grammar accepts and that fits the measurement's schema. */
export function checkLines(text: string, version: InfluxVersion): string[] {
  const problems: string[] = [];
  if (text === '') return problems;
  for (const line of text.split('\n')) {
    const parsed = parseLine(line);
    if (typeof parsed === 'string') problems.push(`${parsed}: ${line}`);
    else problems.push(...schemaViolations(parsed, version).map((v) => `${v}: ${line}`));
  }
  return problems;
}
