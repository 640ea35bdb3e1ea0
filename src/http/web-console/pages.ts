import { stringify } from 'yaml';
import { fill, escapeHtml, scriptJson, type Asset } from './assets.js';
import { obfuscateConfig } from './obfuscate.js';
import type { HttpReply } from '../types.js';

// The console's HTML replies. Every page is static HTML plus a JSON data block; the scripts in static/ build
// the views in the browser. The CSP allows only this server's own scripts, styles and WebSocket.

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function html(status: number, body: string, extra: Record<string, string> = {}): HttpReply {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extra }, body };
}

export function assetReply(asset: Asset): HttpReply {
  return { status: 200, headers: { 'Content-Type': asset.type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' }, body: asset.body };
}

export interface ConfigPageInput {
  /** The running config (the object under Butler-SOS). */
  config: unknown;
  obfuscate: boolean;
  liveEnabled: boolean;
}

/** The config page's data: the (masked) config as a tree source and as the YAML a user can download. */
export function configPageData(input: ConfigPageInput): { config: unknown; yaml: string; obfuscated: boolean; live: boolean } {
  const shown = input.obfuscate ? obfuscateConfig(input.config) : input.config;
  return { config: shown, yaml: stringify({ 'Butler-SOS': shown }, { lineWidth: 0 }), obfuscated: input.obfuscate, live: input.liveEnabled };
}

export function configPage(template: string, input: ConfigPageInput): HttpReply {
  return html(200, fill(template, { DATA: scriptJson(configPageData(input)), LIVE_LINK: input.liveEnabled ? '<a href="/live">Live</a>' : '' }));
}

export function livePage(template: string): HttpReply {
  return html(200, template);
}

/** A small page with a title and a message: 404, 401, 429. */
export function messagePage(template: string, status: number, title: string, message: string, extra: Record<string, string> = {}, form = false): HttpReply {
  const tokenForm = form
    ? '<form method="get"><label>Access token <input type="password" name="token" autocomplete="current-password" autofocus></label> <button type="submit">Open</button></form>'
    : '';
  return html(status, fill(template, { TITLE: escapeHtml(title), MESSAGE: escapeHtml(message), FORM: tokenForm }), extra);
}
