import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { AuditFilesSink } from '../../../src/destinations/audit-files/audit-files-sink.js';
import type { FileRecord } from '../../../src/destinations/audit-files/file-row.js';
import { parseRec, runDestinationCompliance } from '../../support/destination-compliance.js';

// The audit Parquet output against the real file system, read back with hyparquet. A compliance line becomes
// one audit row (k → eventId, s → durationMs, v → dataStateId, time → timestamp); a line that is not a
// compliance line stays as it is and must be refused for good. Outage: the export directory is replaced by a
// file (writes fail with ENOTDIR) until it is put back.

function record(line: string): string {
  let rec;
  try {
    rec = parseRec(line);
  } catch {
    return line;
  }
  const ms = Number(/ (\d+)000000$/.exec(line)![1]);
  const row: FileRecord = {
    timestamp: ms, date: new Date(ms).toISOString().slice(0, 10).replace(/-/g, ''), eventId: rec.k, correlationId: null, eventType: 'audit.event',
    userId: null, appId: null, appName: null, sheetId: null, sheetName: null, objectId: null, selectionTxnId: null, durationMs: rec.s, visible: null,
    enteredAt: null, leftAt: null, dataStateId: rec.v, screenshotUrl: null, selectionDetails: null, screenshotSavedPaths: null, objectType: null, objectData: null, tags: null,
  };
  return JSON.stringify(row);
}

runDestinationCompliance({
  name: 'Audit Parquet output against the file system, read back with hyparquet (outage = directory replaced by a file)',
  async setup() {
    const root = mkdtempSync(join(tmpdir(), 'audit-files-compliance-'));
    const dir = join(root, 'parquet');
    const makeSink = () => new AuditFilesSink({ parquetDirectory: dir, jsonDirectory: null, createdBy: 'test' });
    return {
      sink: makeSink(),
      reopen: makeSink,
      // Part files are numbered in write order; rows keep their order inside a part.
      arrivalOrder: true,
      rejectsBadLines: true,
      encodeBody: (lines) => Buffer.from(lines.map(record).join('\n') + '\n'),
      async stored() {
        const out: string[] = [];
        const part = (n: string): [string, number] => [n.slice(0, 8), Number(/_part(\d+)/.exec(n)![1])];
        const files = readdirSync(dir).filter((n) => n.endsWith('.parquet')).sort((a, b) => (part(a)[0] === part(b)[0] ? part(a)[1] - part(b)[1] : part(a)[0] < part(b)[0] ? -1 : 1));
        for (const f of files) {
          for (const r of await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, f)) })) {
            out.push(`compliance,k=${String(r.eventId)} s=${Number(r.durationMs)}i,v=${Number(r.dataStateId)}i ${new Date(r.timestamp as Date).getTime()}000000`);
          }
        }
        return out;
      },
      outage: {
        begin: async () => {
          renameSync(dir, `${dir}.away`);
          writeFileSync(dir, 'not a directory');
        },
        end: async () => {
          rmSync(dir);
          renameSync(`${dir}.away`, dir);
        },
      },
      teardown: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
});
