// One batch in one transaction: BEGIN, a COPY ... FROM STDIN per table, COMMIT. Either every row is stored or
// none is, so the delivery layer can retry the batch as it is. A refused row is located by the server's COPY
// context (table and line), for the sink to take out.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyColumns, copyLine, qualified, quoteIdent } from './copy-text.js';
import { copyLineOf, isDataError } from './classify.js';
import { TABLES, type TableName } from './tables.js';

export interface RowGroup {
  table: TableName;
  /** Decoded records, in batch order. */
  rows: Record<string, unknown>[];
  /** Index of each row in the batch body (for the log of refused rows). */
  lineNos: number[];
}

/** A row the server refused for good: its group and position, and the server's error. */
export class RefusedRow extends Error {
  constructor(
    readonly group: number,
    readonly row: number,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

export function copySql(schema: string, table: TableName): string {
  return `COPY ${qualified(schema, table)} (${copyColumns(TABLES[table]).map(quoteIdent).join(', ')}) FROM STDIN`;
}

async function copyGroup(client: PoolClient, schema: string, group: RowGroup): Promise<void> {
  const def = TABLES[group.table];
  let text = '';
  for (const row of group.rows) text += copyLine(def, row);
  const stream = client.query(copyFrom(copySql(schema, group.table)));
  await pipeline(Readable.from([Buffer.from(text, 'utf8')]), stream);
}

/**
 * Writes all groups in one transaction. Rejects with a RefusedRow for a data error the server tied to a row,
 * else with the server's or the connection's error (after a ROLLBACK when the connection is still usable).
 */
export async function copyBatch(client: PoolClient, schema: string, groups: readonly RowGroup[]): Promise<void> {
  await client.query('BEGIN');
  let current = -1;
  try {
    for (let g = 0; g < groups.length; g++) {
      current = g;
      if (groups[g].rows.length > 0) await copyGroup(client, schema, groups[g]);
    }
    current = -1;
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const line = current >= 0 && isDataError(err) ? copyLineOf(err) : undefined;
    if (line !== undefined && line >= 1 && line <= groups[current].rows.length) throw new RefusedRow(current, line - 1, err);
    throw err;
  }
}
