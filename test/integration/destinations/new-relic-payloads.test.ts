// New Relic against the contract-enforcing loopback endpoint: the payloads of docs/new-relic.md field
// by field (built from the fixture events and health body the way the collector builds them), account
// routing and headers, batching within the payload limit, 413 splitting, 429 with Retry-After, 403, and
// API keys never appearing in logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { AppLogger } from '../../../src/log/logger.js';
import { silentLogger } from '../../../src/log/logger.js';
import { newRelicDestination } from '../../../src/destinations/new-relic/plugin.js';
import { NewRelicSink } from '../../../src/destinations/new-relic/new-relic-sink.js';
import type { NewRelicLimits } from '../../../src/destinations/new-relic/options.js';
import { WriterHost } from '../../../src/destinations/writer-host.js';
import { healthMetricData, sessionMetricData, uptimeMetricData } from '../../../src/destinations/new-relic/items/metrics.js';
import { encodeRecordLines } from '../../../src/destinations/record-lines.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { publisherFor } from '../../../src/publish/publish-table.js';
import type { Config } from '../../../src/config/schema/index.js';
import type { BatchMessage, DataModule, ErrorReport } from '../../../src/threads/messages.js';
import { startNewRelicEndpoint, type NewRelicEndpoint } from '../../support/new-relic-endpoint.js';
import { ACCOUNTS } from './nr-config.js';
import { fixtureHealth, fixtureLogEvents, fixtureUserEvents, templateConfig } from './record-fixtures.js';

const SERVER = { host: 'sense1.lab.local:4747', serverName: 'sense1', serverDescription: 'Central node', serverTags: { site: 'lab' } };

function endpoint(maxPayloadBytes?: number): Promise<NewRelicEndpoint> {
  return startNewRelicEndpoint({ accounts: ACCOUNTS.map((a) => ({ accountId: a.accountId, apiKey: a.insertApiKey })), maxPayloadBytes });
}

function nrConfigFor(ep: NewRelicEndpoint, scramble: boolean): Config {
  return templateConfig((c) => {
    c.newRelic.enable = true;
    c.newRelic.metric.url = ep.metricUrl;
    c.newRelic.event.url = ep.eventBaseUrl;
    c.newRelic.metric.header = [{ name: 'X-Team', value: 'bi' }];
    c.newRelic.event.header = [{ name: 'X-Team', value: 'bi-events' }, { name: 'Api-Key', value: 'configured-key-is-overridden' }];
    c.newRelic.metric.attribute.static = [{ name: 'service', value: 'butler-sos' }];
    c.newRelic.event.attribute.static = [{ name: 'service', value: 'butler-sos' }];
    c.thirdPartyToolsCredentials.newRelic = ACCOUNTS;
    c.userEvents.enable = true;
    c.userEvents.tags = [{ name: 'qs_env', value: 'dev' }];
    c.userEvents.sendToNewRelic = { enable: true, destinationAccount: ['main', 'second'], scramble };
    c.logEvents.tags = [{ name: 'qs_env', value: 'dev' }];
    c.logEvents.sendToNewRelic.enable = true;
    c.logEvents.sendToNewRelic.destinationAccount = ['main'];
    for (const s of ['engine', 'proxy', 'repository', 'scheduler', 'qixPerf'] as const) c.logEvents.source[s].enable = true;
    c.logEvents.enginePerformanceMonitor.enable = true;
    c.serversToMonitor.pollingInterval = 30_000;
  });
}

async function writer(config: Config, reports: ErrorReport[], logger: AppLogger = silentLogger(), limits: Partial<NewRelicLimits> = {}): Promise<WriterHost> {
  const host = new WriterHost(
    { ...config, delivery: { flushIntervalMs: 20, backoff: { initialMs: 10, maxMs: 50 } } },
    {
      logger,
      reportError: (r) => reports.push(r),
      registry: [{ ...newRelicDestination, create: (c) => ({ sink: new NewRelicSink(c, { logger, limits: { timeoutMs: 2000, ...limits } }) }) }],
    },
  );
  await host.start();
  return host;
}

function batch(module: DataModule, items: unknown[]): BatchMessage {
  return { t: 'batch', origin: 'poller', dest: 'new-relic', module, count: items.length, body: encodeRecordLines(items), serverName: 'sense1' };
}

test('New Relic: metric and event payloads field by field, accounts, headers, gzip', async () => {
  const ep = await endpoint();
  const reports: ErrorReport[] = [];
  const config = nrConfigFor(ep, true);
  const host = await writer(config, reports);
  try {
    const timeUs = 1_755_151_921_123_000;
    const routes = destinationRoutes(config, 1).filter((r) => r.dest === 'new-relic');
    const publisher = publisherFor(config, { routes, writerCount: 1 }, 'parse', (_w, m) => host.accept(m));
    const userEvents = fixtureUserEvents(config);
    const logEvents = fixtureLogEvents(config);
    for (const event of userEvents) publisher.publish('USER_EVENTS', { event, timeUs });
    for (const event of logEvents) publisher.publish('LOG_EVENTS', { event, timeUs });
    publisher.flush();
    host.accept(batch('HEALTH_METRICS', [healthMetricData(config, SERVER, fixtureHealth(), 1_755_151_900_000, '9.9.9')]));
    const session = sessionMetricData(config, { server: SERVER, userSessionsHost: 'sense1.lab.local:4243', virtualProxy: '/hdr' }, 3, 1_755_151_900_000, '9.9.9');
    host.accept(batch('PROXY_SESSIONS', [session]));
    assert.equal(await host.flush(10_000), true);
    assert.equal(reports.length, 0, JSON.stringify(reports));
    assert.deepEqual(ep.refused, []);

    // Every request: gzip JSON with the account's key (a configured Api-Key header never wins) + extra headers.
    for (const r of ep.accepted) {
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.equal(r.headers['x-team'], r.api === 'metric' ? 'bi' : 'bi-events');
      const account = ACCOUNTS.find((a) => a.insertApiKey === r.apiKey)!;
      if (r.api === 'event') assert.equal(r.accountId, account.accountId);
    }

    // Metric API: health data object.
    const metricReqs = ep.accepted.filter((r) => r.api === 'metric');
    // Health/sessions go to userEvents.sendToNewRelic.destinationAccount (Butler's routing): both accounts.
    assert.deepEqual(metricReqs.map((r) => r.apiKey).sort(), ['key-main-0123456789', 'key-main-0123456789', 'key-second-abcdef', 'key-second-abcdef']);
    const health = metricReqs.find((r) => r.apiKey === 'key-main-0123456789' && (r.items[0].metrics as unknown[]).length > 1)!.items[0] as {
      common: Record<string, unknown>;
      metrics: Array<{ name: string; type: string; value: unknown }>;
    };
    assert.deepEqual(health.common, {
      timestamp: 1_755_151_900_000,
      'interval.ms': 30_000,
      attributes: { host: 'sense1.lab.local', server_name: 'sense1', server_description: 'Central node', site: 'lab', service: 'butler-sos', butlerSosVersion: '9.9.9' },
    });
    const MB = 1_048_576;
    assert.deepEqual(
      health.metrics.map((m) => [m.name, m.type, m.value]),
      [
        ['qs_memCommited', 'gauge', 4178.95703125 * MB],
        ['qs_memAllocated', 'gauge', 4371.3125 * MB],
        ['qs_memFree', 'gauge', 25604.26171875 * MB],
        ['qs_cpuTotal', 'gauge', 3],
        ['qs_engineCalls', 'gauge', 18733],
        ['qs_engineSelections', 'gauge', 412],
        ['qs_engineSessionsActive', 'gauge', 2],
        ['qs_engineSessionsTotal', 'gauge', 7],
        ['qs_engineUsersActive', 'gauge', 2],
        ['qs_engineUsersTotal', 'gauge', 5],
        ['qs_engineSaturated', 'gauge', false],
        ['qs_docsActiveCount', 'gauge', 1],
        ['qs_docsLoadedCount', 'gauge', 2],
        ['qs_docsInMemoryCount', 'gauge', 3],
        ['qs_cacheHits', 'gauge', 1204],
        ['qs_cacheLookups', 'gauge', 1786],
        ['qs_cacheaAdded', 'gauge', 561],
        ['qs_cacheReplaced', 'gauge', 0],
        ['qs_cacheBytesAdded', 'gauge', 38734213],
      ],
    );
    const sess = metricReqs.find((r) => (r.items[0].metrics as Array<{ name: string }>)[0].name === 'qs_proxySessions')!.items[0] as { common: { attributes: Record<string, unknown> }; metrics: unknown[] };
    assert.deepEqual(sess.metrics, [{ name: 'qs_proxySessions', type: 'gauge', value: 3 }]);
    assert.equal(sess.common.attributes.user_session_virtual_proxy, '/hdr');
    assert.equal(sess.common.attributes.user_session_host, 'sense1.lab.local:4243');

    // Event API: user events scrambled (SHAKE-256, 16 hex chars), to both accounts, one request each.
    const userReqs = ep.accepted.filter((r) => r.api === 'event' && r.items[0].eventType === 'qs_userEvent');
    assert.deepEqual(userReqs.map((r) => r.accountId).sort(), ['1001', '2002']);
    assert.equal(userReqs[0].items.length, 4, 'the four user events of the slice travel in one request');
    const u = userReqs[0].items.find((e) => e.qs_event_action === 'Start session')!;
    assert.deepEqual(Object.keys(u), [
      'timestamp', 'qs_host', 'qs_event_action', 'qs_userFull', 'qs_userDirectory', 'qs_userId', 'qs_origin', 'qs_appId', 'qs_appName',
      'qs_uaBrowserName', 'qs_uaBrowserMajorVersion', 'qs_uaOsName', 'qs_uaOsVersion', 'qs_env', 'eventType',
    ]);
    assert.equal(u.timestamp, 1_755_151_921_123);
    assert.equal(u.qs_host, 'SENSE-CENTRAL');
    for (const k of ['qs_userFull', 'qs_userDirectory', 'qs_userId']) assert.match(String(u[k]), /^[0-9a-f]{16}$/);
    assert.notEqual(u.qs_userId, 'goran');
    assert.equal(u.qs_appName, 'Test failing reloads 2');
    assert.equal(u.qs_env, 'dev');

    // Log events: only ERROR/WARN of engine/proxy/repository/scheduler (docs/new-relic.md#payloads), to `main` only.
    const logReqs = ep.accepted.filter((r) => r.api === 'event' && r.items[0].eventType === 'qs_logEvent');
    assert.deepEqual(logReqs.map((r) => r.accountId), ['1001']);
    const sent = logReqs[0].items;
    const eligible = logEvents.filter((e) => e.source !== 'qseow-qix-perf' && ['ERROR', 'WARN'].includes(e.level.toUpperCase()));
    assert.equal(sent.length, eligible.length);
    assert.ok(sent.every((e) => e.qs_log_source !== 'qseow-qix-perf'));
    const sched = sent.find((e) => e.qs_subsystem === 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask')!;
    const src = eligible.find((e) => e.subsystem === 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask') as unknown as Record<string, string>;
    assert.equal(sched.qs_log_level, 'ERROR');
    assert.equal(sched.qs_task_name, src.task_name);
    assert.equal(sched.qs_execution_id, src.execution_id);
    assert.equal(sched.qs_user_full, `${src.user_directory}\\${src.user_id}`);
    assert.equal(sched.qs_ts_iso, src.ts_iso);
    assert.equal(sched.qs_env, 'dev');
    assert.equal(sched.service, 'butler-sos');
    assert.equal(typeof sched.butlerSosVersion, 'string');
    assert.equal(sched.qs_command, undefined, 'members a source does not have are absent');
    assert.equal(sched.eventType, 'qs_logEvent');
  } finally {
    await host.stop(2000);
    await ep.close();
  }
});

test('New Relic: batches split within the payload limit; a 413 halves the request; nothing lost or duplicated', async () => {
  // The endpoint accepts 6000 bytes; the sink believes 20000 may go, so it meets 413 and must split.
  const ep = await endpoint(6000);
  const config = nrConfigFor(ep, false);
  const reports: ErrorReport[] = [];
  const host = await writer(config, reports, silentLogger(), { maxPayloadBytes: 20_000, maxItemsPerRequest: 50 });
  try {
    const events = Array.from({ length: 120 }, (_, i) => ({ eventType: 'qs_userEvent', seq: i, filler: 'x'.repeat(150) }));
    host.accept(batch('USER_EVENTS', events));
    assert.equal(await host.flush(10_000), true);
    for (const id of ['1001', '2002']) {
      const seqs = ep.accepted.filter((r) => r.accountId === id).flatMap((r) => r.items.map((e) => e.seq));
      assert.deepEqual(seqs, events.map((e) => e.seq), `account ${id}: every event once, in order`);
    }
    assert.ok(ep.refused.some((r) => r.status === 413), 'the endpoint did refuse an oversized request');
    assert.ok(ep.accepted.every((r) => r.compressedBytes <= 6000 && r.items.length <= 50));
    assert.equal(reports.length, 0);
    const st = host.stats().destinations[0];
    assert.equal(st.writtenLines, 120);
    assert.equal(st.droppedLines.rejected, 0);
  } finally {
    await host.stop(2000);
    await ep.close();
  }
});

test('New Relic: 429 waits for Retry-After, then delivers once; one NEW_RELIC_POST report', async () => {
  const ep = await endpoint();
  const config = nrConfigFor(ep, false);
  const reports: ErrorReport[] = [];
  const host = await writer(config, reports);
  try {
    ep.failNext(429, 1, 1);
    const t0 = Date.now();
    host.accept(batch('HEALTH_METRICS', [healthMetricData(config, SERVER, fixtureHealth(), Date.now(), '1')]));
    assert.equal(await host.flush(10_000), true);
    assert.ok(Date.now() - t0 >= 950, `retried after ${Date.now() - t0} ms, before Retry-After`);
    assert.equal(ep.metricData().length, 2, 'once per destination account');
    assert.equal(reports.length, 1);
    assert.equal(reports[0].type, 'NEW_RELIC_POST');
    assert.equal(reports[0].module, 'HEALTH_METRICS_NEW_RELIC');
    assert.equal(reports[0].err?.httpStatus, 429);
    assert.equal(reports[0].destinationHost, new URL(ep.metricUrl).origin);
  } finally {
    await host.stop(2000);
    await ep.close();
  }
});

test('New Relic: 403 is a configuration failure (retried slowly, health down); API keys never reach the logs', async () => {
  const ep = await endpoint();
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) })) as unknown as AppLogger;
  const config = nrConfigFor(ep, false);
  config.thirdPartyToolsCredentials.newRelic = [{ accountName: 'main', insertApiKey: 'WRONG-KEY-SECRET-42', accountId: '1001' }];
  config.userEvents.sendToNewRelic.destinationAccount = ['main', 'ghost'];
  const reports: ErrorReport[] = [];
  const host = await writer(config, reports, logger);
  try {
    host.accept(batch('USER_EVENTS', [{ eventType: 'qs_userEvent', n: 1 }]));
    const end = Date.now() + 5000;
    while (reports.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.equal(reports.length, 1);
    assert.equal(reports[0].err?.httpStatus, 403);
    assert.equal(reports[0].module, 'USER_EVENTS_NEW_RELIC');
    const st = host.stats().destinations[0];
    assert.equal(st.up, false);
    assert.equal(ep.accepted.length, 0);
    assert.ok(lines.some((l) => l.includes('ghost')), 'the unknown account name is logged');
  } finally {
    await host.stop(300);
    await ep.close();
  }
  const all = lines.join('\n');
  for (const secret of ['WRONG-KEY-SECRET-42', 'key-main-0123456789', 'key-second-abcdef', 'configured-key-is-overridden']) assert.ok(!all.includes(secret), `log contains ${secret}`);
});

test('New Relic: uptime metric data goes to the uptime accounts without server tags', async () => {
  const ep = await endpoint();
  const config = nrConfigFor(ep, false);
  config.uptimeMonitor.enable = true;
  config.uptimeMonitor.storeNewRelic.enable = true;
  config.uptimeMonitor.storeNewRelic.destinationAccount = ['second'];
  const host = await writer(config, []);
  try {
    const data = uptimeMetricData(config, { heapUsed: 10, heapTotal: 20, external: 3, rss: 40 }, 123_456, 900_000, 1_755_151_000_000, '9.9.9');
    host.accept(batch('BUTLER_MEMORY', [data]));
    assert.equal(await host.flush(5000), true);
    assert.equal(ep.accepted.length, 1);
    assert.equal(ep.accepted[0].apiKey, 'key-second-abcdef');
    const got = ep.accepted[0].items[0] as { common: { attributes: Record<string, unknown>; 'interval.ms': number }; metrics: Array<{ name: string; value: number }> };
    assert.equal(got.common['interval.ms'], 900_000);
    assert.equal(got.common.attributes.host, undefined);
    assert.equal(got.common.attributes.version, '9.9.9');
    assert.equal(got.common.attributes.metricType, 'butler-sos-uptime');
    assert.deepEqual(got.metrics.map((m) => [m.name, m.value]), [
      ['qs_butlerSosHeapUsed', 10],
      ['qs_butlerSosHeapTotal', 20],
      ['qs_butlerSosExternalMem', 3],
      ['qs_butlerSosProcessMem', 40],
      ['qs_butlerSosUptimeMillisec', 123_456],
    ]);
  } finally {
    await host.stop(2000);
    await ep.close();
  }
});
