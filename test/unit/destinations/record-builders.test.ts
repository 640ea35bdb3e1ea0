import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecordLines, encodeRecordLines } from '../../../src/destinations/record-lines.js';
import { invalidTopicReason, isMqttLine } from '../../../src/destinations/mqtt/messages/record.js';
import { healthMqttRecords, sessionMqttRecord } from '../../../src/destinations/mqtt/messages/health.js';
import { subsystemTopic, tagObject } from '../../../src/destinations/mqtt/messages/events.js';
import { logEventGoesToNewRelic, scrambled } from '../../../src/destinations/new-relic/items/events.js';
import { healthMetrics } from '../../../src/destinations/new-relic/items/metrics.js';
import type { EngineHealthBody } from '../../../src/points/health.js';

const BODY: EngineHealthBody = {
  version: '1',
  started: 's',
  mem: { committed: 1.5, allocated: 2, free: 3 },
  apps: { calls: 1, selections: 2 },
  cpu: { total: 0 },
  session: { active: 0, total: 0 },
  users: { active: 0, total: 0 },
  cache: { hits: 0, lookups: 0, added: 0, replaced: 0, bytes_added: 0 },
};

test('record lines: one JSON value per line even when payloads contain newlines; bad lines are named', () => {
  const body = encodeRecordLines([['a/b', 'line1\nline2'], ['c', '{"x":1}']]);
  assert.equal(Buffer.from(body).toString().split('\n').length, 3, 'two lines plus the final newline');
  const withBad = Buffer.concat([Buffer.from(body), Buffer.from('not json\n[1,2]\n')]);
  const decoded = decodeRecordLines(withBad, isMqttLine);
  assert.deepEqual(decoded.records, [['a/b', 'line1\nline2'], ['c', '{"x":1}']]);
  assert.deepEqual(decoded.bad, ['not json', '[1,2]']);
  assert.equal(encodeRecordLines([]).byteLength, 0);
});

test('publish topics: wildcards, NUL and empty topics are refused with a reason', () => {
  assert.equal(invalidTopicReason('qliksense/logevent/system'), undefined);
  assert.match(invalidTopicReason('a/+/b')!, /wildcard/);
  assert.match(invalidTopicReason('a/#')!, /wildcard/);
  assert.match(invalidTopicReason('')!, /empty/);
  assert.match(invalidTopicReason('a\u0000b')!, /NUL/);
});

test('health topics: no hit_ratio without lookups, no saturated when the engine omits it, missing doc lists are empty', () => {
  const records = healthMqttRecords('bsos/', 'node1:4747', BODY);
  const topics = records.map((r) => r.topic);
  assert.ok(topics.every((t) => t.startsWith('bsos/node1/')));
  assert.ok(!topics.includes('bsos/node1/cache/hit_ratio'));
  assert.ok(!topics.includes('bsos/node1/saturated'));
  assert.equal(records.find((r) => r.topic === 'bsos/node1/apps/active_docs')!.payload, '');
  assert.equal(records.find((r) => r.topic === 'bsos/node1/mem/comitted')!.payload, '1.5');
  const ratio = healthMqttRecords('bsos/', 'node1', { ...BODY, cache: { ...BODY.cache, hits: 2, lookups: 3 }, saturated: true });
  assert.equal(ratio.find((r) => r.topic.endsWith('hit_ratio'))!.payload, '66');
  assert.equal(ratio.find((r) => r.topic.endsWith('saturated'))!.payload, 'true');
});

test('session topic: host without port + /usersession + virtual proxy', () => {
  assert.equal(sessionMqttRecord('b/', 'h.lab:4243', '/', []).topic, 'b/h.lab/usersession/');
  assert.equal(sessionMqttRecord('b/', 'h.lab:4243', '/hdr', [{ a: 1 }]).payload, '[\n  {\n    "a": 1\n  }\n]');
});

test('log-event subsystem topics are lower-cased and split on dots; a trailing / on the base is not doubled', () => {
  assert.equal(subsystemTopic('qliksense/logevent', 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask'), 'qliksense/logevent/system/scheduler/scheduler/slave/tasks/reloadtask');
  assert.equal(subsystemTopic('q/', 'A.B'), 'q/a/b');
  assert.deepEqual(tagObject([{ name: 'a', value: '1' }, { name: 'a', value: '2' }]), { a: '2' });
  assert.deepEqual(tagObject(null), {});
});

test('New Relic log-event filter: source and level switches; FATAL, INFO and qix-perf never', () => {
  const src = (enable: boolean, error: boolean, warn: boolean) => ({ enable, logLevel: { error, warn } });
  const config = {
    logEvents: { tags: [], sendToNewRelic: { source: { engine: src(true, true, false), proxy: src(false, true, true), repository: src(true, true, true), scheduler: src(true, false, true) } } },
    newRelic: { event: { attribute: { static: [], dynamic: { butlerSosVersion: { enable: false } } } } },
  };
  const goes = (source: string, level: string) => logEventGoesToNewRelic(config as never, { source: source as never, level });
  assert.equal(goes('qseow-engine', 'ERROR'), true);
  assert.equal(goes('qseow-engine', 'warn'), false);
  assert.equal(goes('qseow-proxy', 'ERROR'), false);
  assert.equal(goes('qseow-repository', 'Warn'), true);
  assert.equal(goes('qseow-repository', 'FATAL'), false);
  assert.equal(goes('qseow-repository', 'INFO'), false);
  assert.equal(goes('qseow-scheduler', 'ERROR'), false);
  assert.equal(goes('qseow-qix-perf', 'ERROR'), false);
});

test('scrambling: 16 hex characters, deterministic, different inputs differ', () => {
  assert.match(scrambled('LAB\\joe'), /^[0-9a-f]{16}$/);
  assert.equal(scrambled('joe'), scrambled('joe'));
  assert.notEqual(scrambled('joe'), scrambled('ann'));
});

test('New Relic health metrics follow the per-group switches', () => {
  const sw = (enable: boolean) => ({ enable });
  const config = {
    newRelic: {
      metric: {
        dynamic: {
          engine: { memory: sw(true), cpu: sw(false), calls: sw(false), selections: sw(false), sessions: sw(false), users: sw(false), saturated: sw(true) },
          apps: { docCount: sw(false), activeDocs: sw(true), loadedDocs: sw(true), inMemoryDocs: sw(true) },
          cache: { cache: sw(false) },
          proxy: { sessions: sw(true) },
        },
        attribute: { static: [], dynamic: { butlerSosVersion: sw(false) } },
      },
    },
    serversToMonitor: { pollingInterval: 1 },
    userSessions: { pollingInterval: 1 },
  };
  assert.deepEqual(healthMetrics(config as never, { ...BODY, saturated: true }).map((m) => m.name), ['qs_memCommited', 'qs_memAllocated', 'qs_memFree', 'qs_engineSaturated']);
  assert.deepEqual(healthMetrics(config as never, BODY).map((m) => m.name), ['qs_memCommited', 'qs_memAllocated', 'qs_memFree'], 'no saturated value, no metric');
});
