import { renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import type { FileRecord } from './file-row.js';

// One Parquet part file per batch and UTC day: <dir>/<YYYYMMDD>_part<N>.parquet (v15's naming). Parquet files
// cannot be appended to, so each batch is a new part; it is written to a temp name and renamed, so a reader
// never sees half a file and a retried batch never leaves a broken one.

type Kind = 'STRING' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP';

const COLUMNS: ReadonlyArray<[keyof FileRecord, Kind]> = [
  ['timestamp', 'TIMESTAMP'],
  ['date', 'STRING'],
  ['eventId', 'STRING'],
  ['correlationId', 'STRING'],
  ['eventType', 'STRING'],
  ['userId', 'STRING'],
  ['appId', 'STRING'],
  ['appName', 'STRING'],
  ['sheetId', 'STRING'],
  ['sheetName', 'STRING'],
  ['objectId', 'STRING'],
  ['selectionTxnId', 'STRING'],
  ['durationMs', 'INT64'],
  ['visible', 'BOOLEAN'],
  ['enteredAt', 'STRING'],
  ['leftAt', 'STRING'],
  ['dataStateId', 'INT64'],
  ['screenshotUrl', 'STRING'],
  ['selectionDetails', 'STRING'],
  ['screenshotSavedPaths', 'STRING'],
  ['objectType', 'STRING'],
  ['objectData', 'STRING'],
  ['tags', 'STRING'],
];

function columnData(rows: readonly FileRecord[]): ColumnSource[] {
  return COLUMNS.map(([name, type]) => {
    const values = rows.map((r) => r[name]);
    const data = type === 'INT64' ? values.map((v) => (v === null ? null : BigInt(v as number))) : type === 'TIMESTAMP' ? values.map((v) => (v === null ? null : new Date(v as number))) : values;
    return { name, type, data: data as ColumnSource['data'], nullable: name !== 'eventId' && name !== 'eventType' && name !== 'date' };
  });
}

export function writeParquetPart(directory: string, date: string, part: number, rows: readonly FileRecord[], createdBy: string): string {
  const file = join(directory, `${date}_part${part}.parquet`);
  const tmp = `${file}.tmp`;
  try {
    parquetWriteFile({ filename: tmp, columnData: columnData(rows), createdBy });
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw err;
  }
  return file;
}
