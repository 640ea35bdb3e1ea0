import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../bench/live-clients.js';

// A real headless Chromium (Debian's `chromium` package) driven by playwright-core, with a new empty profile
// per browser. Missing chromium: skipped locally, a failure under CI=true.

export { CHROMIUM };

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export function chromiumAvailable(t: { skip(msg: string): void }): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') assert.fail(`chromium not found at ${CHROMIUM} (CI=true: required)`);
  t.skip(`chromium not found at ${CHROMIUM}; install the chromium package to run the browser tests`);
  return false;
}

export async function openBrowser(viewport = { width: 1280, height: 880 }): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'bsos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, acceptDownloads: true });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
