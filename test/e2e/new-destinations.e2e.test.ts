// The built collector with the two destinations that are new in this edition switched on next to the file
// destination: a real PostgreSQL server (started by the test) and the OTLP/HTTP contract endpoint (a loopback
// receiver that decodes every request with the official OpenTelemetry codecs; not a real collector). Every
// fixture datagram is sent over UDP; after a SIGTERM drain each destination holds the same events: the same
// number of log and user events as the file destination, and the same messages in PostgreSQL and in the OTLP
// log records. Only the registration lines wire these destinations in; nothing else names them.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultCollectorConfig } from '../support/collector-config.js';
import { startCollector } from '../support/collector-process.js';
import { startOtlpEndpoint, type OtlpEndpoint } from '../support/otlp-endpoint.js';
import { fixturePath } from '../support/paths.js';
import { PG_DATABASE, PG_PASSWORD, PG_USER, startPostgres, type PostgresHandle } from '../support/postgres.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../support/udp.js';

const LOG_FILES = ['log-events-constructed.txt', 'log-events-from-tests.txt'];
const USER_FILES = ['user-events-constructed.txt', 'user-events-from-tests-and-docs.txt'];
const logDatagrams = LOG_FILES.flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));
const userDatagrams = USER_FILES.flatMap((f) => datagramsOf(fixturePath('spec', 'udp', f)));

let pg: PostgresHandle | null = null;
let otlp: OtlpEndpoint | undefined;

before(async () => {
  pg = await startPostgres();
  otlp = await startOtlpEndpoint();
});

after(async () => {
  await pg?.stop();
  await otlp?.close();
});

/** Lines of the file destination by measurement. */
function fileLines(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const m = /^[^, ]+/.exec(line)![0];
      out.set(m, (out.get(m) ?? 0) + 1);
    }
  }
  return out;
}

test('e2e: PostgreSQL (real server) and the OTLP contract endpoint receive the same events as the file destination', async (t) => {
  if (!pg) return t.skip('PostgreSQL not installed (apt-get install postgresql)');
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  const config = defaultCollectorConfig(logPort, userPort);
  const dataDir = mkdtempSync(join(tmpdir(), 'bsos-new-dest-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  config.fileDestination.directory = dataDir;
  config.postgresql = { enable: true, host: pg.host, port: pg.port, database: PG_DATABASE, user: PG_USER, password: PG_PASSWORD };
  config.openTelemetry = { enable: true, endpoint: otlp!.url, protocol: 'http/protobuf' };
  const collector = await startCollector(config);
  try {
    await collector.waitForLog((l) => String(l.msg).startsWith('Destinations:') && /PostgreSQL|postgresql/.test(String(l.msg)) && /OpenTelemetry/.test(String(l.msg)), 5_000);
    await sendDatagrams(logPort, logDatagrams);
    await sendDatagrams(userPort, userDatagrams);
    // Give the sockets a moment to hand the last datagrams to the ring before they are closed.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    assert.equal(await collector.stop('SIGTERM'), 0, 'graceful stop exits 0');
  }

  const file = fileLines(dataDir);
  const logEvents = file.get('log_event') ?? 0;
  const userEvents = file.get('user_events') ?? 0;
  assert.ok(logEvents >= 8 && userEvents >= 4, `file destination: ${logEvents} log events, ${userEvents} user events`);

  const count = async (table: string) => Number((await pg!.query<{ n: string }>(`SELECT count(*) AS n FROM butler_sos.${table}`))[0].n);
  assert.equal(await count('log_events'), logEvents, 'PostgreSQL log_events rows = log events in the file destination');
  assert.equal(await count('user_events'), userEvents, 'PostgreSQL user_events rows = user events in the file destination');

  const otlpLogs = otlp!.logs();
  assert.equal(otlpLogs.length, logEvents + userEvents, 'OTLP log records = log + user events');
  const pgMessages = (await pg.query<{ message: string | null }>('SELECT message FROM butler_sos.log_events WHERE message IS NOT NULL')).map((r) => r.message!);
  assert.ok(pgMessages.length > 0, 'log events with a message in PostgreSQL');
  const otlpBodies = new Set(otlpLogs.map((l) => (typeof l.body === 'string' ? l.body : JSON.stringify(l.body))));
  for (const m of pgMessages) assert.ok(otlpBodies.has(m), `log message in PostgreSQL also an OTLP log record body: ${m.slice(0, 80)}`);
  // Health, counters and memory are not polled or scheduled in this config; the writers reported no failure.
  assert.ok(!collector.logs.some((l) => l.level === 'error' || /POSTGRESQL_WRITE|OTLP_EXPORT/.test(JSON.stringify(l))), 'no destination errors');
});
