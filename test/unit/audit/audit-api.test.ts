import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditApi, type AuditRequest } from '../../../src/audit/audit-api.js';
import { AuditQueue } from '../../../src/audit/audit-queue.js';
import type { AuditEventDatum } from '../../../src/audit/datum.js';
import { loadConfigText } from '../../../src/config/load.js';
import type { AuditEventsConfig } from '../../../src/config/schema/audit-events.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { ErrorReport } from '../../../src/threads/messages.js';
import { AUDIT_QS_VERSION, AUDIT_TYPES, auditYaml, envelope } from '../../support/audit-events.js';
import { minimalYaml } from '../config/helpers.js';
import { FailingAuditQueue } from '../../support/failing-audit-queue.js';

// Every status of the audit API (Butler SOS v15 codes and bodies), engine-neutral.

function section(extra: string[] = []): AuditEventsConfig {
  return loadConfigText(minimalYaml(auditYaml(8195, extra)), 'audit.yaml', {}).config.auditEvents;
}

function setup(extra: string[] = []) {
  const published: AuditEventDatum[] = [];
  const reports: ErrorReport[] = [];
  const config = section(extra);
  const queue = new AuditQueue(config.queue, (d) => published.push(d), (err) => assert.fail(String(err)));
  const api = new AuditApi(config, { logger: silentLogger(), queue, appVersion: '0.1.0', reportError: (r) => reports.push(r), tls: false });
  return { api, queue, published, reports };
}

function post(body: unknown, over: Partial<AuditRequest> = {}): AuditRequest {
  return {
    method: 'POST',
    path: '/api/v1/audit-event',
    ip: '127.0.0.1',
    origin: '',
    authorization: '',
    auditQsVersion: AUDIT_QS_VERSION,
    contentType: 'application/json',
    requestHeaders: '',
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    ...over,
  };
}

const json = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown>;

test('every v15 event type is accepted with 202 {status:accepted, outcome:processed} and queued', async () => {
  const { api, queue, published } = setup();
  for (const [i, type] of AUDIT_TYPES.entries()) {
    const r = api.handle(post(envelope(type, i)));
    assert.equal(r.status, 202, `${type}: ${r.body}`);
    const body = json(r);
    assert.equal(body.status, 'accepted');
    assert.equal(body.outcome, 'processed');
    assert.ok(!Number.isNaN(Date.parse(String(body.receivedAt))));
    assert.equal(r.headers['X-Content-Type-Options'], 'nosniff');
  }
  queue.drainNow();
  assert.deepEqual(published.map((d) => d.event.type), [...AUDIT_TYPES]);
});

test('400: a body that fails the envelope schema, or is not JSON; reported as AUDIT_API', () => {
  const { api, reports } = setup();
  const missing = envelope('navigation.sheet.loaded') as unknown as Record<string, unknown>;
  delete missing.eventId;
  const r = api.handle(post(missing));
  assert.equal(r.status, 400);
  const body = json(r);
  assert.equal(body.status, 'error');
  assert.equal(body.outcome, 'dropped');
  assert.equal(body.reason, 'Schema validation failed');
  assert.ok(Array.isArray((body.details as { errors: unknown[] }).errors));
  const bad = api.handle(post('{"schemaVersion": 1,'));
  assert.equal(bad.status, 400);
  assert.equal(json(bad).reason, 'Body is not valid JSON');
  assert.equal(api.refusals.byReason.schema, 1);
  assert.equal(api.refusals.byReason.invalid_json, 1);
  assert.equal(reports.length, 2);
  assert.equal(reports[0].type, 'AUDIT_API');
  assert.equal(reports[0].err?.httpStatus, 400);
});

test('401: a token is configured and the request has none or a wrong one; the right one passes', () => {
  const { api } = setup(['        apiToken: s3cret-token']);
  assert.equal(api.handle(post(envelope('audit.event'))).status, 401);
  const wrong = api.handle(post(envelope('audit.event'), { authorization: 'Bearer s3cret-tokeN' }));
  assert.equal(wrong.status, 401);
  assert.deepEqual({ ...json(wrong), receivedAt: 'x' }, { status: 'error', receivedAt: 'x', outcome: 'dropped', reason: 'Unauthorized' });
  assert.equal(api.handle(post(envelope('audit.event'), { authorization: 'bearer s3cret-token' })).status, 202);
  assert.equal(api.handle({ ...post(''), method: 'GET', path: '/api/v1/test-connection' }).status, 401);
});

test('413: a body over maxBodyBytes (the server hands null); 415: not JSON content', () => {
  const { api, queue } = setup();
  const r = api.handle(post('', { body: null }));
  assert.equal(r.status, 413);
  assert.equal(json(r).outcome, 'dropped');
  assert.equal(queue.snapshot().messagesDroppedSize, 1);
  assert.equal(api.handle(post(envelope('audit.event'), { contentType: 'text/plain' })).status, 415);
});

test('422: constraint violations (all listed), incompatible Audit.qs version, payload validation', () => {
  const { api } = setup();
  const e = envelope('selection.state.changed');
  const bad = { ...e, eventId: 'not-a-uuid', type: 'nonsense', payload: { ...e.payload, context: { appId: 'x' } } };
  const r = api.handle(post(bad));
  assert.equal(r.status, 422);
  const body = json(r);
  assert.equal(body.reason, 'One or more constraint violations');
  assert.equal((body.details as { errors: unknown[] }).errors.length, 3);
  const v = api.handle(post(envelope('audit.event'), { auditQsVersion: '0.4.0' }));
  assert.equal(v.status, 422);
  assert.deepEqual(json(v).details, { butlerSosVersion: '0.1.0', auditQsVersion: '0.4.0', compatible: false });
  // No header: source.version decides.
  const src = envelope('audit.event');
  src.source!.version = '1.0.0';
  assert.equal(api.handle(post(src, { auditQsVersion: '' })).status, 422);
  const p = envelope('object.view.duration');
  delete p.payload.event.leftAt;
  const pr = api.handle(post(p));
  assert.equal(pr.status, 422);
  assert.equal(json(pr).reason, 'Payload validation failed');
  // No version at all: accepted (older extensions), counted.
  const none = envelope('audit.event');
  delete none.source;
  assert.equal(api.handle(post(none, { auditQsVersion: '' })).status, 202);
  assert.equal(api.refusals.missingVersion, 1);
});

test('429: the per-IP limit (Retry-After) and the queue rate limit (retryAfter 60); other IPs still pass', () => {
  const { api } = setup(['        rateLimit:', '            enable: true', '            maxPerMinute: 3']);
  for (let i = 0; i < 3; i++) assert.equal(api.handle(post(envelope('audit.event', i))).status, 202);
  const r = api.handle(post(envelope('audit.event')));
  assert.equal(r.status, 429);
  assert.equal(json(r).reason, 'Rate limit exceeded');
  assert.ok(Number(r.headers['Retry-After']) >= 1);
  assert.equal(api.handle(post(envelope('audit.event'), { ip: '10.0.0.2' })).status, 202);
  const q = setup(['        queue:', '            rateLimit:', '                enable: true', '                maxMessagesPerMinute: 2']).api;
  q.handle(post(envelope('audit.event')));
  q.handle(post(envelope('audit.event')));
  const qr = q.handle(post(envelope('audit.event')));
  assert.equal(qr.status, 429);
  assert.deepEqual(json(qr).details, { retryAfter: 60 });
});

test('503: the queue is full until it drained', () => {
  const { api, queue } = setup(['        queue:', '            messageQueue:', '                maxSize: 2']);
  assert.equal(api.handle(post(envelope('audit.event'))).status, 202);
  assert.equal(api.handle(post(envelope('audit.event'))).status, 202);
  const r = api.handle(post(envelope('audit.event')));
  assert.equal(r.status, 503);
  assert.equal(json(r).reason, 'Event queue is full');
  queue.drainNow();
  assert.equal(api.handle(post(envelope('audit.event'))).status, 202);
  const snap = queue.snapshot();
  assert.equal(snap.messagesDroppedQueueFull, 1);
  assert.equal(snap.queueMaxSize, 2);
});

test('500: the queue throws while accepting; v15 envelope without details, counted, reported, logged; the next event passes', () => {
  const config = section();
  const published: AuditEventDatum[] = [];
  const reports: ErrorReport[] = [];
  const errors: string[] = [];
  const logger = silentLogger();
  logger.error = ((msg: string) => errors.push(msg)) as typeof logger.error;
  const queue = new FailingAuditQueue(config.queue, (d) => published.push(d), (err) => assert.fail(String(err)));
  const api = new AuditApi(config, { logger, queue, appVersion: '0.1.0', reportError: (r) => reports.push(r), tls: false });
  const r = api.handle(post(envelope('navigation.sheet.loaded', 1)));
  assert.equal(r.status, 500);
  const body = json(r);
  assert.deepEqual(Object.keys(body).sort(), ['outcome', 'reason', 'receivedAt', 'status']);
  assert.equal(body.status, 'error');
  assert.equal(body.outcome, 'error');
  assert.equal(body.reason, 'Internal error while processing event');
  assert.equal(r.headers['X-Content-Type-Options'], 'nosniff');
  assert.equal(api.refusals.byReason.internal, 1);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].type, 'AUDIT_API');
  assert.equal(reports[0].module, 'AUDIT_EVENTS');
  assert.equal(reports[0].err?.httpStatus, 500);
  assert.match(errors.join('\n'), /internal error while handling POST \/api\/v1\/audit-event from 127\.0\.0\.1: queue storage failed/);
  assert.equal(api.handle(post(envelope('navigation.sheet.loaded', 2))).status, 202);
  queue.drainNow();
  assert.equal(published.length, 1);
  assert.equal(api.accepted, 1);
});

test('CORS: preflight and responses follow cors.allowedOrigins; no list means no CORS headers', () => {
  const { api } = setup(['        cors:', '            allowedOrigins: [https://sense.lab.local]']);
  const pre = api.handle({ ...post(''), method: 'OPTIONS', origin: 'https://sense.lab.local', requestHeaders: 'content-type, authorization' });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['Access-Control-Allow-Origin'], 'https://sense.lab.local');
  assert.match(pre.headers['Access-Control-Allow-Methods'], /POST/);
  const other = api.handle({ ...post(''), method: 'OPTIONS', origin: 'https://evil.example' });
  assert.equal(other.headers['Access-Control-Allow-Origin'], undefined);
  const ok = api.handle(post(envelope('audit.event'), { origin: 'https://sense.lab.local' }));
  assert.equal(ok.headers['Access-Control-Allow-Origin'], 'https://sense.lab.local');
  const none = setup().api.handle({ ...post(''), method: 'OPTIONS', origin: 'https://sense.lab.local' });
  assert.equal(none.headers['Access-Control-Allow-Origin'], undefined);
  const any = setup(['        cors:', '            allowedOrigins: ["*"]']).api.handle(post(envelope('audit.event'), { origin: 'https://x.example' }));
  assert.equal(any.headers['Access-Control-Allow-Origin'], '*');
});

test('GET /api/v1/test-connection answers with versions and compatibility; 404 and 405 elsewhere', () => {
  const { api } = setup();
  const r = api.handle({ ...post(''), method: 'GET', path: '/api/v1/test-connection' });
  assert.equal(r.status, 200);
  const body = json(r);
  assert.equal(body.status, 'ok');
  assert.equal(body.message, 'Butler SOS Audit API is reachable');
  assert.equal(body.auditQsVersion, AUDIT_QS_VERSION);
  assert.equal(body.compatible, true);
  assert.equal(api.handle({ ...post(''), path: '/nope' }).status, 404);
  assert.equal(api.handle({ ...post(''), method: 'GET' }).status, 405);
});
