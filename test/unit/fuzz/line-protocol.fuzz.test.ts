// Property-based round trip of the line-protocol encoder through the test-side parser (issue 15); the same
// against a real influxd is test/integration/fuzz/line-protocol-influxd.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeLine, encodeLines, escapeTagPart } from '../../../src/points/line-protocol.js';
import type { Field, Point } from '../../../src/points/point.js';
import { parseLine } from '../../support/line-protocol-check.js';
import { nastyText, RUNS } from '../../support/fuzz.js';

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.tuple(nastyText, fc.constant('string' as const), nastyText),
  fc.tuple(nastyText, fc.constant('integer' as const), fc.double()),
  fc.tuple(nastyText, fc.constant('uinteger' as const), fc.double()),
  fc.tuple(nastyText, fc.constant('float' as const), fc.double()),
  fc.tuple(nastyText, fc.constant('boolean' as const), fc.boolean()),
);
const point: fc.Arbitrary<Point> = fc.record({
  measurement: nastyText,
  tags: fc.array(fc.tuple(nastyText, nastyText), { maxLength: 4 }),
  // Field keys come from the data model's schemas, so they are distinct.
  fields: fc.uniqueArray(field, { maxLength: 5, selector: (f) => escapeTagPart(f[0]) }),
  timeUs: fc.option(fc.double(), { nil: undefined }),
  boolLiteral: fc.constantFrom('true/false' as const, 'T/F' as const),
});

test('any point encodes to nothing or to exactly one line the grammar accepts, with every storable field', () => {
  fc.assert(
    fc.property(point, (p) => {
      const line = encodeLine(p);
      if (line === '') return;
      assert.ok(!line.includes('\n') && !line.includes('\r'), 'one physical line');
      const parsed = parseLine(line);
      assert.notEqual(typeof parsed, 'string', `${parsed as string}: ${line}`);
      if (typeof parsed === 'string') return;
      const keys = new Set(parsed.fields.map((f) => f.key));
      assert.ok(keys.size > 0);
      for (const f of parsed.fields) if (f.type === 'string') assert.ok(!/(^|[^\\])"./.test(f.raw.slice(1, -1)), `unescaped quote in ${f.raw}`);
    }),
    { numRuns: RUNS * 5 },
  );
});

test('a batch of points stays one line per point', () => {
  fc.assert(
    fc.property(fc.array(point, { maxLength: 20 }), (points) => {
      const text = encodeLines(points);
      const expected = points.filter((p) => encodeLine(p) !== '').length;
      assert.equal(text === '' ? 0 : text.split('\n').length, expected);
    }),
    { numRuns: RUNS },
  );
});
