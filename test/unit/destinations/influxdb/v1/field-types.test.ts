// Which existing InfluxDB 1.x field types we adopt, and the line-protocol conversion to them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldTypeRewriter } from '../../../../../src/destinations/influxdb/v1/field-type-rewriter.js';
import { fieldTypeOverrides } from '../../../../../src/destinations/influxdb/v1/field-types.js';
import { writtenV1FieldTypes } from '../../../../../src/destinations/influxdb/v1/written-types.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

test('our v1 types follow the schema, under default and configured measurement names', () => {
  const ours = writtenV1FieldTypes({
    errorTracking: { influxdb: { measurementName: 'bsos_errors' } },
    userEvents: { udpServerConfig: { queueMetrics: { influxdb: { measurementName: 'uq' } } } },
    auditEvents: { queue: { queueMetrics: { influxdb: { measurementName: 'aq' } } } },
  });
  assert.equal(ours.get('butler_sos_errors')?.get('error_count'), 'integer');
  assert.equal(ours.get('bsos_errors')?.get('http_status'), 'integer');
  assert.equal(ours.get('log_event')?.get('handle'), 'integer');
  assert.equal(ours.get('uq'), ours.get('user_events_queue'));
  assert.ok(ours.get('uq')!.size > 0);
  assert.equal(ours.get('aq'), ours.get('audit_events_queue'));
  assert.equal(ours.get('aq'), ours.get('uq'));
});

test('overrides: only fields whose existing type differs and can take our values', () => {
  const ours = writtenV1FieldTypes({});
  const overrides = fieldTypeOverrides(
    [
      { name: 'butler_sos_errors', values: [['error_count', 'float'], ['error_category', 'string'], ['http_status', 'string']] },
      // Two shards, one already with our type: left alone.
      { name: 'log_event', values: [['handle', 'float'], ['handle', 'integer'], ['message', 'integer'], ['unknown_field', 'float']] },
      { name: 'not_ours', values: [['x', 'float']] },
    ],
    ours,
  );
  assert.deepEqual([...overrides.keys()], ['butler_sos_errors']);
  assert.deepEqual([...overrides.get('butler_sos_errors')!], [['error_count', 'float'], ['http_status', 'string']]);
});

test('rewriter: converts values of overridden fields only, leaves other lines and strings byte-identical', () => {
  const r = new FieldTypeRewriter();
  const body = Buffer.from(
    [
      'm\\ x,t=a\\,b f1=12i,s="q=\\"1i\\", x",f2=-3i,f3=1.6,f4=7i 100',
      'other f1=12i 100',
      'm\\ x f4=2i,f1=0i',
      '',
    ].join('\n'),
  );
  assert.equal(r.rewrite(body), body, 'no overrides: the same buffer');
  r.set(new Map([['m x', new Map([['f1', 'float'], ['f2', 'string'], ['f3', 'integer'], ['s', 'float']] as const)]]));
  assert.equal(
    text(r.rewrite(body)),
    ['m\\ x,t=a\\,b f1=12,s="q=\\"1i\\", x",f2="-3",f3=2i,f4=7i 100', 'other f1=12i 100', 'm\\ x f4=2i,f1=0', ''].join('\n'),
  );
  const unrelated = Buffer.from('other f1=12i 100\n');
  assert.equal(r.rewrite(unrelated), unrelated, 'a batch without the measurement is not decoded');
});
