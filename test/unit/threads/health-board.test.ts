import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthBoard, HealthView, MAIN_STALL_MS, Phase } from '../../../src/threads/health-board.js';
import { Readiness } from '../../../src/http/probes.js';

// The board as the http thread reads it: a second view on the same SharedArrayBuffer (what a restarted http
// thread gets) sees the current state at once.

test('health board: liveness fails on a given-up thread or a stale main heartbeat; readiness needs RUNNING and running writers', () => {
  let now = 1_000_000;
  const board = HealthBoard.create(['http', 'tracker', 'writer-0', 'poller']);
  board.startHeartbeat(() => now);
  board.stopHeartbeat(); // the test moves the clock itself
  const view = new HealthView(board.data);
  assert.deepEqual(view.readinessProblems(), ['starting']);
  board.setPhase(Phase.RUNNING);
  for (const t of ['http', 'tracker', 'writer-0']) board.setThread(t, 'running');
  assert.deepEqual(view.readinessProblems(), [], 'the poller down does not stop UDP data');
  assert.deepEqual(view.livenessProblems(now), []);

  board.setThread('writer-0', 'restarting');
  assert.deepEqual(view.readinessProblems(), ['thread writer-0 is restarting']);
  assert.deepEqual(view.livenessProblems(now), [], 'being restarted is alive');
  board.setThread('writer-0', 'failed');
  assert.deepEqual(view.livenessProblems(now), ['thread writer-0 is dead and no longer restarted']);

  const later = now + MAIN_STALL_MS + 1;
  assert.match(new HealthView(board.data).livenessProblems(later).join(), /main thread event loop stuck for 5001 ms/);
  board.setPhase(Phase.SHUTTING_DOWN);
  assert.deepEqual(view.readinessProblems(), ['shutting down']);
  assert.throws(() => board.setThread('writer-9', 'running'), /unknown thread "writer-9"/);
});

test('probes: answers from the board, with the fastify-healthcheck body while alive', async () => {
  const board = HealthBoard.create(['http', 'tracker', 'writer-0']);
  board.startHeartbeat();
  try {
    const probes = new Readiness({ board: board.data });
    assert.equal((await probes.reply()).status, 503);
    board.setPhase(Phase.RUNNING);
    board.setThread('tracker', 'running');
    board.setThread('writer-0', 'running');
    assert.deepEqual(JSON.parse((await probes.reply()).body), { statusCode: 200, status: 'ready' });
    assert.deepEqual(JSON.parse(probes.health().body), { statusCode: 200, status: 'ok' });
    board.setThread('tracker', 'failed');
    const health = probes.health();
    assert.equal(health.status, 503);
    assert.deepEqual(JSON.parse(health.body), { statusCode: 503, status: 'unhealthy', reason: 'thread tracker is dead and no longer restarted' });
  } finally {
    board.stopHeartbeat();
  }
});
