import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opsConfigProblems } from '../../../src/ops/verify.js';
import { opsConfig } from './helpers.js';

test('opsConfigProblems: one problem per bad enabled setting, each naming its key; disabled features are not checked', () => {
  assert.deepEqual(opsConfigProblems(opsConfig()), []);
  const bad = opsConfig((c) => {
    c.uptimeMonitor.frequency = 'every so often';
    c.heartbeat.enable = true;
    c.heartbeat.remoteURL = 'http://monitor.lab.local/ping';
    c.heartbeat.frequency = 'hourly';
  });
  const problems = opsConfigProblems(bad);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^uptimeMonitor\.frequency: "every so often"/);
  assert.match(problems[1], /^heartbeat\.frequency: "hourly"/);
  bad.uptimeMonitor.enable = false;
  bad.heartbeat.enable = false;
  assert.deepEqual(opsConfigProblems(bad), []);
});
