import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../src/http/dispatch.js';
import { Readiness } from '../../../src/http/probes.js';
import { httpThreadWanted } from '../../../src/http/thread-wanted.js';
import { engineChoice } from '../../../src/http/start-server.js';
import { healthPort } from '../../../src/http/docker-healthcheck.js';
import type { RouteHandler } from '../../../src/http/types.js';

test('dispatch: routes by exact path (query ignored), GET and HEAD only, handler errors become a 500', async () => {
  const readiness = new Readiness();
  const routes = new Map<string, RouteHandler>([
    ['/health', () => readiness.health()],
    ['/ready', () => readiness.reply()],
    ['/boom', () => Promise.reject(new Error('kaputt'))],
  ]);
  const health = await dispatch(routes, 'GET', '/health?x=1');
  assert.equal(health.status, 200);
  assert.deepEqual(JSON.parse(health.body), { statusCode: 200, status: 'ok' });
  assert.equal((await dispatch(routes, 'head', '/health')).status, 200);
  const post = await dispatch(routes, 'POST', '/health');
  assert.equal(post.status, 405);
  assert.equal(post.headers?.Allow, 'GET, HEAD');
  assert.equal((await dispatch(routes, 'GET', '/nope')).status, 404);
  const boom = await dispatch(routes, 'GET', '/boom');
  assert.equal(boom.status, 500);
  assert.match(JSON.parse(boom.body).message, /\/boom: kaputt/);

  const before = await dispatch(routes, 'GET', '/ready');
  assert.equal(before.status, 503);
  assert.equal(JSON.parse(before.body).reason, 'starting');
  readiness.set(true);
  assert.equal((await dispatch(routes, 'GET', '/ready')).status, 200);
  readiness.set(false, 'shutting down');
  assert.equal(JSON.parse((await dispatch(routes, 'GET', '/ready')).body).reason, 'shutting down');
});

test('httpThreadWanted: Prometheus or the Docker health check', () => {
  const cfg = (prom: boolean, docker: boolean) => ({ prometheus: { enable: prom, host: '0.0.0.0', port: 9842, nodeMetricsHost: '0.0.0.0', nodeMetricsPort: 9001 }, dockerHealthCheck: { enable: docker, port: 12398 } });
  assert.equal(httpThreadWanted(cfg(false, false)), false);
  assert.equal(httpThreadWanted(cfg(true, false)), true);
  assert.equal(httpThreadWanted(cfg(false, true)), true);
});

test('engine choice and probe port come from the environment, bad values are named', () => {
  assert.equal(engineChoice({}), 'auto');
  assert.equal(engineChoice({ BUTLER_SOS_HTTP_ENGINE: 'NODE' }), 'node');
  assert.throws(() => engineChoice({ BUTLER_SOS_HTTP_ENGINE: 'express' }), /BUTLER_SOS_HTTP_ENGINE: "express"/);
  assert.equal(healthPort([], {}), 12398);
  assert.equal(healthPort(['9000'], {}), 9000);
  assert.equal(healthPort([], { BUTLER_SOS_HEALTH_PORT: '9001' }), 9001);
  assert.throws(() => healthPort(['http'], {}), /port "http" is not a TCP port/);
});
