// The shared box a reload writes the configuration and routes into; parse workers read it at their next task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigBox } from '../../../src/threads/config-box.js';
import type { ProducerConfig } from '../../../src/threads/worker-data.js';

const producer = (value: string): ProducerConfig => ({ config: { logLevel: value } as never, routes: [{ dest: 'file', writer: 1 }] });

test('a reader sees each newer configuration and its routes once; a configuration too large is refused before anything is written', () => {
  const box = ConfigBox.create(1024);
  const reader = new ConfigBox(box.sab);
  assert.equal(reader.readNewer(0), null, 'nothing written yet');
  const v1 = box.write(producer('info'));
  const seen = reader.readNewer(0);
  assert.equal(seen?.version, v1);
  assert.deepEqual(seen?.config, producer('info'));
  assert.equal(reader.readNewer(v1), null, 'nothing newer');
  const huge = producer('x'.repeat(2048));
  assert.throws(() => box.assertFits(huge), /2\d{3} bytes as JSON; at most 1024 can be reloaded/);
  assert.throws(() => box.write(huge), /at most 1024/);
  assert.equal(box.version, v1, 'a refused configuration changes nothing');
  assert.deepEqual(reader.readNewer(0)?.config, producer('info'));
});
