import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

// The console's static files (HTML templates, CSS, JS; no CDN: Qlik servers often have no internet). They
// live next to this module in static/ (the build copies src/http/web-console/static to dist) and are read
// once at start.

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  type: string;
  body: string;
}

export function staticDir(): string {
  return fileURLToPath(new URL('./static/', import.meta.url));
}

export function loadAssets(dir = staticDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) out.set(name, { type, body: readFileSync(`${dir}${name}`, 'utf8') });
  }
  for (const needed of ['config.html', 'live.html', 'message.html', 'console.css', 'config.js', 'live.js']) {
    if (!out.has(needed)) throw new Error(`web console: static file ${needed} is missing from ${dir} (was the package built with npm run build?)`);
  }
  return out;
}

/** Fills `{{name}}` placeholders; values are inserted as given (callers escape). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
