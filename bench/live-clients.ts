// --live-clients: N pages of a headless Chromium (Debian's chromium, driven by playwright-core) on the web
// console's /live while the ladder runs, to measure what watching costs ingest. They share the machine's
// cores with the collector, as a browser on the collector's own host would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CliError } from './cli-args.js';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
/** Headless, quiet Chromium: no sandbox (containers), no GPU, no background traffic. Also used by the browser tests. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LiveClients {
  /** Pages whose WebSocket is connected now. */
  connected(): Promise<number>;
  close(): Promise<void>;
}

export type LiveClientKind = 'browser' | 'ws';

export function openLiveClients(url: string, count: number, kind: LiveClientKind): Promise<LiveClients> {
  return kind === 'ws' ? openWsClients(url, count) : openBrowsers(url, count);
}

/**
 * Plain WebSocket clients in the bench process that parse every message as the page does but render nothing:
 * what the collector itself pays per watcher, without browsers competing for the cores.
 */
async function openWsClients(url: string, count: number): Promise<LiveClients> {
  const { WebSocket } = await import('ws');
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
  const sockets = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        ws.on('message', (data) => JSON.parse(String(data)));
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      }),
    ),
  );
  console.error(`bench:   ${count} WebSocket client(s) connected to ${wsUrl}`);
  return {
    connected: async () => sockets.filter((s) => s.readyState === s.OPEN).length,
    close: async () => {
      for (const s of sockets) s.terminate();
    },
  };
}

async function openBrowsers(url: string, count: number): Promise<LiveClients> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new CliError('--live-clients needs the playwright-core devDependency (npm install)');
  }
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const context: BrowserContext = await playwright.chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = i === 0 && context.pages()[0] ? context.pages()[0] : await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#conn.ok', { timeout: 10_000 });
    pages.push(page);
  }
  console.error(`bench:   ${count} headless Chromium page(s) connected to ${url}`);
  return {
    connected: async () => (await Promise.all(pages.map((p) => p.locator('#conn.ok').count()))).reduce((a, b) => a + b, 0),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
