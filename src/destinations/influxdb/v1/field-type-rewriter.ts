import type { FieldTypeOverrides } from './field-types.js';

// Converts field values of already-encoded line protocol to the types an existing database holds
// (field-types.ts). Only lines of a measurement with overrides are parsed; a batch without such a measurement is
// returned as it is, and with no overrides at all nothing is looked at.

type Target = 'float' | 'integer' | 'unsigned' | 'string' | 'boolean';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The value converted to `target`, or null when it already has that type or cannot take it. */
function convert(raw: string, target: Target): string | null {
  if (raw.startsWith('"')) return null; // strings only stay strings
  const last = raw[raw.length - 1];
  const isInt = last === 'i' || last === 'u';
  const isBool = /^(t|T|true|True|TRUE|f|F|false|False|FALSE)$/.test(raw);
  if (isBool) return target === 'string' ? `"${raw}"` : null;
  const digits = isInt ? raw.slice(0, -1) : raw;
  const type: Target = last === 'i' ? 'integer' : last === 'u' ? 'unsigned' : 'float';
  if (type === target) return null;
  switch (target) {
    case 'float':
      return digits;
    case 'integer':
    case 'unsigned': {
      const n = Math.round(Number(digits));
      if (!Number.isFinite(n) || (target === 'unsigned' && n < 0)) return null;
      return `${BigInt(n)}${target === 'integer' ? 'i' : 'u'}`;
    }
    case 'string':
      return `"${digits}"`;
    default:
      return null;
  }
}

/** End of the measurement name (first unescaped ',' or ' '). */
function measurementEnd(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === ',' || c === ' ') return i;
  }
  return line.length;
}

/** Index of the space that ends the series key (measurement and tags). */
function seriesKeyEnd(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === ' ') return i;
  }
  return -1;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

function rewriteFields(fields: string, overrides: ReadonlyMap<string, Target>): string {
  let out = '';
  let i = 0;
  while (i < fields.length) {
    let eq = i;
    while (eq < fields.length && fields[eq] !== '=') eq += fields[eq] === '\\' ? 2 : 1;
    let end = eq + 1;
    if (fields[end] === '"') {
      end++;
      while (end < fields.length && fields[end] !== '"') end += fields[end] === '\\' ? 2 : 1;
      end++;
    }
    while (end < fields.length && fields[end] !== ',' && fields[end] !== ' ') end++;
    const raw = fields.slice(eq + 1, end);
    const target = overrides.get(unescape(fields.slice(i, eq)));
    const converted = target === undefined ? null : convert(raw, target);
    out += fields.slice(i, eq + 1) + (converted ?? raw);
    if (end >= fields.length || fields[end] === ' ') return out + fields.slice(end);
    out += ',';
    i = end + 1;
  }
  return out;
}

export class FieldTypeRewriter {
  private overrides: FieldTypeOverrides = new Map();
  private markers: Uint8Array[] = [];

  set(overrides: FieldTypeOverrides): void {
    this.overrides = overrides;
    // `name,` or `name ` starts a line of that measurement; searching the bytes for it skips most batches.
    this.markers = [...overrides.keys()].flatMap((m) => {
      const escaped = m.replace(/[, ]/g, '\\$&');
      return [encoder.encode(`${escaped},`), encoder.encode(`${escaped} `)];
    });
  }

  get active(): boolean {
    return this.overrides.size > 0;
  }

  rewrite(body: Uint8Array): Uint8Array {
    if (this.overrides.size === 0) return body;
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (!this.markers.some((m) => buf.indexOf(m) >= 0)) return body;
    const lines = decoder.decode(body).split('\n');
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n];
      const mEnd = measurementEnd(line);
      const fields = this.overrides.get(unescape(line.slice(0, mEnd)));
      if (fields === undefined) continue;
      const keyEnd = seriesKeyEnd(line, mEnd);
      if (keyEnd < 0) continue;
      lines[n] = line.slice(0, keyEnd + 1) + rewriteFields(line.slice(keyEnd + 1), fields);
    }
    return encoder.encode(lines.join('\n'));
  }
}
