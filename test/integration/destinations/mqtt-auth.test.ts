// mqttConfig.username/password against a Mosquitto that refuses anonymous clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/log/logger.js';
import { MqttSink } from '../../../src/destinations/mqtt/mqtt-sink.js';
import { encodeRecordLines } from '../../../src/destinations/record-lines.js';
import { startMosquitto } from '../../support/mosquitto.js';
import { subscribe } from '../../support/mqtt-subscriber.js';

const AUTH = { username: 'butler', password: 'S3cret!' };

test('MQTT: username/password are sent; a wrong password leaves the sink down with a clear reason', async (t) => {
  const broker = await startMosquitto({ auth: AUTH });
  if (!broker) return t.skip('mosquitto not installed');
  const sub = await subscribe(broker.url, 'auth/#', AUTH);
  const timing = { startWaitMs: 3000, initialReconnectMs: 50, maxReconnectMs: 100 };
  const good = new MqttSink({ enable: true, brokerHost: broker.host, brokerPort: broker.port, ...AUTH }, { logger: silentLogger(), timing });
  const bad = new MqttSink({ enable: true, brokerHost: broker.host, brokerPort: broker.port, username: 'butler', password: 'wrong' }, { logger: silentLogger(), timing: { ...timing, startWaitMs: 500 } });
  try {
    await good.start();
    assert.equal(good.health().up, true);
    await good.write({ module: 'LOG_EVENTS', body: encodeRecordLines([['auth/ok', 'hello']]), lines: 1, serverName: '' });
    assert.deepEqual((await sub.waitFor(1)).map((m) => [m.topic, m.payload]), [['auth/ok', 'hello']]);

    await bad.start();
    assert.equal(bad.health().up, false);
    assert.match(bad.health().reason, /Not authori[sz]ed|unreachable|connecting/i);
    assert.ok(!bad.health().reason.includes('wrong'), 'the password is not in the reason');
    await assert.rejects(bad.write({ module: 'LOG_EVENTS', body: encodeRecordLines([['auth/no', 'x']]), lines: 1, serverName: '' }), (err: Error & { kind?: string }) => err.kind === 'retryable' && /MQTT/.test(err.message));
  } finally {
    await good.stop();
    await bad.stop();
    await sub.close();
    await broker.stop();
  }
});
