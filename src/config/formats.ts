// The `format` values the schema uses (schema/keywords.ts ConfigFormat). Checked only while the enclosing
// section is enabled, so template placeholders such as `<IP or FQDN>` in a disabled section do not fail.

import { isIP } from 'node:net';
import type { ConfigFormat } from './schema/keywords.js';

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/** A DNS name (RFC 1123 labels; `_` tolerated as many Windows networks use it) or an IPv4/IPv6 literal. */
export function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  if (value.length === 0 || value.length > 253) return false;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.split('.').every((label) => LABEL.test(label));
}

/** `host`, `host:port` or `[ipv6]:port`; the port is optional because Qlik also serves the APIs on 443. */
export function isHostPort(value: string): boolean {
  let host = value;
  let port: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return false;
    host = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    if (isIP(host) !== 6) return false;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon >= 0 && value.indexOf(':') === colon) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
    if (!isHost(host)) return false;
  }
  if (port === undefined) return true;
  if (!/^\d{1,5}$/.test(port)) return false;
  const n = Number(port);
  return n >= 1 && n <= 65535;
}

/** An absolute http(s) URL. */
export function isHttpUri(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const CHECKS: Record<ConfigFormat, (value: string) => boolean> = {
  host: isHost,
  'host-port': isHostPort,
  uri: isHttpUri,
};

const WORDS: Record<ConfigFormat, string> = {
  host: 'a host name or IP address',
  'host-port': 'a host name or IP address with an optional :port',
  uri: 'an http(s) URL',
};

export function checkFormat(format: string, value: string): boolean {
  const check = CHECKS[format as ConfigFormat];
  return check === undefined ? true : check(value);
}

export function formatWords(format: string): string {
  return WORDS[format as ConfigFormat] ?? `text in format ${format}`;
}
