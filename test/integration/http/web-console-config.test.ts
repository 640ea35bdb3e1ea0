import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { stringify } from 'yaml';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import { startWebConsole } from '../../../src/http/web-console/start.js';
import type { AppLogger } from '../../../src/log/logger.js';
import { filledTemplate } from '../../unit/config/helpers.js';
import { chromiumAvailable, openBrowser } from '../../support/browser.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';

// The config visualisation page in a real headless Chromium, on both engines: the filled-in Butler SOS v15
// template (plus the secrets it only has as comments) with every secret masked in the tree and the YAML;
// the access token; the 404 page; and 300 requests a minute per client, then 429.

const TOKEN = 'console-token-4711';

function templateConfig(): Config {
  const { config } = loadConfigText(filledTemplate(), 'template.yaml', {});
  // Secrets the template only shows as comments, filled in so they are on the page too.
  config.thirdPartyToolsCredentials.newRelic = [{ accountName: 'nr-main', insertApiKey: 'NRII-0123456789', accountId: '1234567' }];
  config.newRelic.event.header = [{ name: 'X-Event-Key', value: 'event-header-secret' }];
  config.newRelic.metric.header = [{ name: 'X-Metric-Key', value: 'metric-header-secret' }];
  config.serversToMonitor.servers[0].headers = { 'X-My-Header-1': 'server-header-secret' };
  config.influxdbConfig.v1Config.auth.username = 'influxuser7';
  config.configVisualisation = { ...config.configVisualisation, enable: true, host: '127.0.0.1', port: 0, accessToken: TOKEN };
  return config;
}

// Values of the template that must never be shown in clear, and what must be shown instead (docs/web-console.md: full
// mask, or the first 3/10 characters and the mask).
const SECRETS = [
  'Secret123', // v1 password, certificate passphrase
  'mytoken', // v2 and v3 tokens
  'NRII-0123456789',
  'event-header-secret',
  'metric-header-secret',
  'server-header-secret',
  TOKEN,
  '192.168.10.20', // prometheus.host, appNames.hostIP, mqttConfig.brokerHost
  'influxdb.mycompany.com',
  'sense1.lab.local',
  'sense2.lab.local',
  'influxuser7',
  'myorg',
  'mybucket',
  '1234567',
  '/finance',
  '/sales',
  'qliksense/userevent/session/start',
  'qliksense/logevent',
  './config/certificate/client.pem',
  'http://my.monitoring.server/some/path/',
];
const SHOWN_MASKED = ['sen**********', '192**********', 'inf**********', 'myo**********', 'myb**********', 'inf**********', '123**********', '/fi**********', 'qliksense/**********', './config/c**********', 'http://my.**********', '127**********'];

function captureLogger(): { logger: AppLogger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino<'verbose' | 'silly'>({ level: 'info', customLevels: { verbose: 25, silly: 5 } }, stream), lines };
}

for (const engine of ['uws', 'node'] as const) {
  test(`${engine}: config page in Chromium shows the template with every secret masked; token, 404`, async (t) => {
    if (engine === 'uws' && !loadUws().ok) return t.skip('uWebSockets.js does not load on this Node');
    if (!chromiumAvailable(t)) return;
    const { logger } = captureLogger();
    const web = await startWebConsole(templateConfig(), undefined, logger, engine);
    assert.ok(web?.handle);
    assert.equal(web.handle.engine, engine);
    const base = `http://127.0.0.1:${web.handle.port}`;
    const browser = await openBrowser();
    try {
      const { page } = browser;
      // Without the token: 401 with a token form; the form logs in and lands on the config page.
      const denied = await page.goto(`${base}/`);
      assert.equal(denied?.status(), 401);
      await page.fill('input[name=token]', TOKEN);
      await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
      await page.waitForSelector('#tree details');
      await page.click('#expand');
      const tree = await page.innerText('#tree');
      const yaml = await page.innerText('#yaml');
      const all = await page.content();
      for (const secret of SECRETS) {
        assert.ok(!tree.includes(secret), `tree shows ${secret}`);
        assert.ok(!yaml.includes(secret), `YAML shows ${secret}`);
        assert.ok(!all.includes(secret), `page source contains ${secret}`);
      }
      for (const masked of SHOWN_MASKED) assert.ok(yaml.includes(masked), `YAML lacks ${masked}`);
      assert.match(yaml, /password: "?\*{10}"?/);
      assert.match(tree, /insertApiKey: "\*{10}"/);
      // Clear values stay clear (database names, server names, ports).
      assert.match(yaml, /serverName: sense1/);
      assert.match(yaml, /dbName: /);
      assert.equal(await page.innerText('#masked'), 'secrets masked');
      if (process.env.WEB_CONSOLE_SCREENSHOTS && engine === 'uws') {
        await page.click('#collapse');
        await page.click('#tree summary >> text=influxdbConfig');
        await page.screenshot({ path: join(process.env.WEB_CONSOLE_SCREENSHOTS, 'web-console-config.png') });
        await page.click('#expand');
      }
      // Highlighted YAML (spans per token), and the download button hands over the same YAML.
      assert.ok((await page.locator('#yaml .key').count()) > 100);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      assert.equal(download.suggestedFilename(), 'butler-sos-config.yaml');
      const text = await streamText(await download.createReadStream());
      assert.match(text, /^Butler-SOS:\n/);
      assert.ok(!text.includes('Secret123'));
      // Collapsing works (native <details>).
      await page.click('#collapse');
      assert.equal(await page.locator('#tree details[open]').count(), 1);

      const missing = await page.goto(`${base}/no/such/page`);
      assert.equal(missing?.status(), 404);
      assert.equal(await page.innerText('#title'), 'Not found');
    } finally {
      await browser.close();
      await web.stop();
    }
  });

  test(`${engine}: 300 requests a minute per client, then 429 with Retry-After, logged at warn once`, async (t) => {
    if (engine === 'uws' && !loadUws().ok) return t.skip('uWebSockets.js does not load on this Node');
    const config = templateConfig();
    config.configVisualisation.accessToken = '';
    const { logger, lines } = captureLogger();
    const web = await startWebConsole(config, undefined, logger, engine);
    try {
      const url = `http://127.0.0.1:${web!.handle!.port}/`;
      for (let i = 0; i < 300; i++) {
        const res = await fetch(url);
        await res.arrayBuffer();
        assert.equal(res.status, 200, `request ${i + 1}`);
      }
      for (let i = 0; i < 3; i++) {
        const res = await fetch(i === 2 ? `${url}assets/live.js` : url);
        assert.equal(res.status, 429);
        const retry = Number(res.headers.get('retry-after'));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        assert.match(await res.text(), /Rate limit exceeded \(300 requests a minute\)/);
      }
      const warns = lines.filter((l) => l.level === 40 && /rate limit reached/.test(l.msg));
      assert.equal(warns.length, 1);
    } finally {
      await web?.stop();
    }
  });
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

test('a busy configVisualisation.port is a start-up error: the collector exits 1 at once, naming the key', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'bsos-busy-'));
  try {
    const file = join(dir, 'config.yaml');
    const config = {
      logLevel: 'info',
      fileLogging: false,
      configVisualisation: { enable: true, host: '127.0.0.1', port },
      logEvents: { udpServerConfig: { serverHost: '127.0.0.1', portLogEvents: await freeUdpPort() } },
      userEvents: { enable: false },
      fileDestination: { enable: false },
    };
    writeFileSync(file, stringify({ 'Butler-SOS': config }));
    const started = Date.now();
    const res = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [join(repoRoot(), 'dist', 'src', 'main.js'), '-c', file], { cwd: dir, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: `${stdout}${stderr}` }),
      );
    });
    assert.equal(res.code, 1, res.out.slice(-2000));
    assert.match(res.out, new RegExp(`configVisualisation\\.port: cannot listen on 127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - started < 15_000, 'exits without waiting for thread timeouts');
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const engine of ['uws', 'node'] as const) {
  test(`${engine}: the access token guards /live and its WebSocket too`, async (t) => {
    if (engine === 'uws' && !loadUws().ok) return t.skip('uWebSockets.js does not load on this Node');
    const runtime = { instanceId: `test-${Date.now()}-${engine}`, parseSlots: 1, parseWorkers: 1 };
    const web = await startWebConsole(templateConfig(), runtime, captureLogger().logger, engine);
    try {
      const base = `127.0.0.1:${web!.handle!.port}`;
      assert.equal((await fetch(`http://${base}/live`)).status, 401);
      assert.equal((await fetch(`http://${base}/live`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 200);
      const refused = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://${base}/live/ws`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
      });
      assert.equal(refused, 401);
      const hello = await new Promise<{ t: string; info: unknown }>((resolve, reject) => {
        const ws = new WebSocket(`ws://${base}/live/ws`, { headers: { Authorization: `Bearer ${TOKEN}` } });
        ws.on('message', (data) => {
          resolve(JSON.parse(String(data)));
          ws.close();
        });
        ws.on('error', reject);
      });
      assert.equal(hello.t, 'hello');
    } finally {
      await web?.stop();
    }
  });
}
