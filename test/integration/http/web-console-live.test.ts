import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Page } from 'playwright-core';
import { loadUws } from '../../../src/http/uws-loader.js';
import { chromiumAvailable, openBrowser } from '../../support/browser.js';
import { startCollector } from '../../support/collector-process.js';
import { freePort } from '../../support/free-port.js';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort, sendDatagrams } from '../../support/udp.js';

// The live console of a running collector in a real headless Chromium, on both http engines: a sent UDP
// event's message is on screen within 2 s, the per-port counters equal what was sent, the node / level /
// category filters and the pause button work, user events show, and a burst over the sampling allowance
// says it is sampling. WEB_CONSOLE_SCREENSHOTS=<dir> also saves the screenshots used in docs/.

// The page's document inside waitForFunction callbacks (the project compiles without the DOM lib).
declare const document: {
  querySelectorAll(s: string): { length: number };
  querySelector(s: string): { textContent: string | null } | null;
  getElementById(id: string): { textContent: string | null } | null;
};

let row = 100;
function engineEvent(host: string, level: 'WARN' | 'ERROR', message: string): string {
  row++;
  return `/qseow-engine/;${row};20240515T143012.345+0200;2024-05-15 14:30:12,345;${level};${host};System.Engine.Engine;LAB\\qlikservice;${message};(null);(null);(null);2024-05-15T14:35:12.000+02:00;c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d;14.187.4;20240515T060102.000+0200;Error;(null);(null)`;
}

function userEvent(command: 'Start session' | 'Open connection', user: string): string {
  const kind = command === 'Start session' ? 'session' : 'connection';
  return `/qseow-proxy-${kind}/;SENSE-A;${command};LAB;${user};AppAccess;/hub/;${command} for user 'LAB\\${user}' UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'`;
}

async function cell(page: Page, socket: string, name: string): Promise<string> {
  return page.locator(`#ports tr[data-socket=${socket}] td[data-name=${name}]`).innerText();
}

async function eventRows(page: Page, name: string): Promise<string[]> {
  return page.locator(`#events tbody td[data-name=${name}]`).allInnerTexts();
}

async function waitForCells(page: Page, want: Record<string, string>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: Record<string, string> = {};
  while (Date.now() < deadline) {
    seen = {};
    for (const key of Object.keys(want)) {
      const [socket, name] = key.split('.');
      seen[key] = await cell(page, socket, name).catch(() => '');
    }
    if (Object.entries(want).every(([k, v]) => seen[k] === v)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(seen, want, 'live console counters');
}

for (const engine of ['uws', 'node'] as const) {
  test(`${engine}: /live in Chromium shows sent events within 2 s, counters equal what was sent, filters and pause work`, async (t) => {
    if (engine === 'uws' && !loadUws().ok) return t.skip('uWebSockets.js does not load on this Node');
    if (!chromiumAvailable(t)) return;
    const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
    const [logPort, userPort, webPort] = [await freeUdpPort(), await freeUdpPort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'bsos-live-'));
    base.logEvents.udpServerConfig = { ...base.logEvents.udpServerConfig, serverHost: '127.0.0.1', portLogEvents: logPort };
    base.userEvents.udpServerConfig = { ...base.userEvents.udpServerConfig, serverHost: '127.0.0.1', portUserActivityEvents: userPort };
    base.logEvents.categorise = {
      enable: true,
      rules: [{ description: 'reload', logLevel: ['WARN', 'ERROR'], action: 'categorise', category: [{ name: 'qs_log_category', value: 'reload-failed' }], filter: [{ type: 'so', value: 'reload failed' }] }],
      ruleDefault: { enable: true, category: [{ name: 'qs_log_category', value: 'unknown' }] },
    };
    base.fileDestination.directory = dataDir;
    base.configVisualisation = { enable: true, host: '127.0.0.1', port: webPort, obfuscate: true, liveConsole: { enable: true, maxEventsPerSecond: 50 } };
    base.threads = { ...(base.threads ?? {}), parseWorkers: 2 };
    const collector = await startCollector(base, { env: { BUTLER_SOS_HTTP_ENGINE: engine } });
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(`http://127.0.0.1:${webPort}/live`);
      await page.waitForSelector('#conn.ok', { timeout: 5_000 });

      // One event: on screen within 2 s of sending.
      const sentAt = Date.now();
      await sendDatagrams(logPort, [engineEvent('SENSE-A', 'WARN', 'first live event 7f3a')]);
      await page.waitForSelector('#events td[data-name=message]:text-is("first live event 7f3a")', { timeout: 2_000 });
      const latencyMs = Date.now() - sentAt;
      assert.ok(latencyMs < 2_000, `shown after ${latencyMs} ms`);

      // 11 more log events (12 in all: SENSE-A 8, SENSE-B 4; ERROR 5; 3 categorised reload-failed), 2 unknown
      // datagrams on the log port, 4 user events.
      const more: string[] = [];
      for (let i = 0; i < 7; i++) more.push(engineEvent('SENSE-A', i < 3 ? 'ERROR' : 'WARN', i < 3 ? `App ${i}: reload failed in step ${i}` : `warning number ${i}`));
      for (let i = 0; i < 4; i++) more.push(engineEvent('SENSE-B', i < 2 ? 'ERROR' : 'WARN', `node b message ${i}`));
      await sendDatagrams(logPort, [...more, '/not-a-qlik-source/;1;2;3', 'garbage']);
      await sendDatagrams(userPort, [userEvent('Start session', 'ann'), userEvent('Start session', 'bob'), userEvent('Open connection', 'ann'), userEvent('Open connection', 'bob')]);
      await waitForCells(page, { 'log.received': '14', 'log.processed': '12', 'log.dropped': '2', 'user.received': '4', 'user.processed': '4', 'user.dropped': '0' });
      // Every accepted event is one line in the file destination (nothing else is written in this config).
      await page.waitForFunction(() => document.querySelector('#destinations tr[data-dest=file] td[data-name=written]')?.textContent === '16', undefined, { timeout: 5_000 });
      assert.deepEqual((await page.locator('#users td[data-name=user]').allInnerTexts()).sort(), ['LAB\\ann', 'LAB\\ann', 'LAB\\bob', 'LAB\\bob']);
      assert.match(await page.innerText('#drops'), /unrecognised\s+2/);
      await page.waitForFunction(() => document.querySelectorAll('#events tbody tr').length === 12);

      // Filters: level, node, category, then all again.
      await page.selectOption('#f-level', 'ERROR');
      assert.deepEqual(await eventRows(page, 'level'), ['ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR']);
      await page.selectOption('#f-node', 'SENSE-B');
      assert.deepEqual((await eventRows(page, 'message')).sort(), ['node b message 0', 'node b message 1']);
      await page.selectOption('#f-level', '');
      assert.equal((await eventRows(page, 'node')).filter((n) => n === 'SENSE-B').length, 4);
      assert.equal((await eventRows(page, 'node')).length, 4);
      await page.selectOption('#f-node', '');
      await page.selectOption('#f-category', 'qs_log_category=reload-failed');
      assert.deepEqual((await eventRows(page, 'message')).sort(), ['App 0: reload failed in step 0', 'App 1: reload failed in step 1', 'App 2: reload failed in step 2']);
      await page.selectOption('#f-category', '');
      assert.equal((await eventRows(page, 'message')).length, 12);
      if (process.env.WEB_CONSOLE_SCREENSHOTS && engine === 'uws') await page.screenshot({ path: join(process.env.WEB_CONSOLE_SCREENSHOTS, 'web-console-live.png') });

      // Pause holds new events back; resume shows them.
      await page.click('#pause');
      await sendDatagrams(logPort, [engineEvent('SENSE-C', 'WARN', 'sent while paused')]);
      await page.waitForFunction(() => /1 new held/.test(document.getElementById('shown')?.textContent ?? ''), undefined, { timeout: 3_000 });
      assert.ok(!(await eventRows(page, 'message')).includes('sent while paused'));
      await page.click('#pause');
      assert.ok((await eventRows(page, 'message')).includes('sent while paused'));

      // A burst over the allowance (50/s per parse thread): the console says it samples; counters stay exact.
      const burst = Array.from({ length: 400 }, (_, i) => engineEvent('SENSE-A', 'WARN', `burst ${i}`));
      await sendDatagrams(logPort, burst, 400);
      await page.waitForFunction(() => /^Sampling: showing \d+ of \d+ events\/s/.test(document.getElementById('sampling')?.textContent ?? ''), undefined, { timeout: 5_000 });
      await waitForCells(page, { 'log.received': '415', 'log.processed': '413' });
    } finally {
      await browser.close();
      const code = await collector.stop();
      rmSync(dataDir, { recursive: true, force: true });
      assert.equal(code, 0);
    }
  });
}
