// Rows → the text format of COPY ... FROM STDIN: one line per row, columns separated by tabs, NULL as \N.
//
// The escaping rule (docs/postgresql.md#writes): in every string, also inside jsonb values and keys,
// NUL (U+0000) is removed, because neither text nor jsonb can hold it, and a lone UTF-16 surrogate becomes
// U+FFFD, because UTF-8 cannot carry it. Then backslash, newline, carriage return and tab are written as \\,
// \n, \r and \t, so a value never ends its row or column. Everything else (quotes, other control characters,
// any Unicode) goes through as it is.
import type { TableDef } from './tables.js';

const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The string as PostgreSQL can store it: NUL removed, lone surrogates replaced. */
export function storableText(s: string): string {
  const well = s.replace(LONE_SURROGATE, '\uFFFD');
  return well.includes('\u0000') ? well.replace(NUL, '') : well;
}

/** A JSON value with every string and key made storable. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableText(k)] = storableJson(v);
    return out;
  }
  return value;
}

function escapeField(s: string): string {
  return s.replace(SPECIAL, (c) => ESCAPES[c]);
}

/** One column value in COPY text form. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeField(storableText(value));
    case 'number':
      return Number.isFinite(value) ? String(value) : '\\N';
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return escapeField(JSON.stringify(storableJson(value)));
  }
}

/** The column list COPY names: time, then the table's columns. */
export function copyColumns(table: TableDef): string[] {
  return ['time', ...table.columns.map(([name]) => name)];
}

/** One row (a decoded record) as a COPY text line, '\n'-terminated. */
export function copyLine(table: TableDef, record: Record<string, unknown>): string {
  let line = copyField(record.time);
  for (const [name] of table.columns) line += '\t' + copyField(record[name]);
  return line + '\n';
}

/** `"schema"."name"` with embedded quotes doubled. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
