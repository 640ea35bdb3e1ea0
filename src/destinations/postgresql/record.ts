// One row as it travels from an encoder (producer thread) to the sink (writer thread): a compact JSON object
// with the table in `t`, `time` as ISO 8601 with microseconds, and the table's columns by name. A missing
// column is NULL. One record is one line of the batch body (JSON.stringify never emits a raw newline).
import type { TableName } from './tables.js';

export type ColumnValue = string | number | boolean | null | undefined | readonly unknown[] | { readonly [key: string]: unknown };

export type RowRecord = { t: TableName; time: string } & Record<string, ColumnValue>;

/** Epoch microseconds → `2026-01-31T12:00:00.123456Z` (timestamptz keeps microseconds; Date only has ms). */
export function isoMicros(us: number): string {
  const whole = Math.floor(us);
  const ms = Math.floor(whole / 1000);
  const rest = whole - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

export function rowLine(record: RowRecord): string {
  return JSON.stringify(record);
}
