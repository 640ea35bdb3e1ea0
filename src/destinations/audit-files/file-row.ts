import { auditRow, type AuditRow } from '../../audit/audit-row.js';
import type { AuditEventDatum } from '../../audit/datum.js';

// The record the file outputs get per event: Butler SOS v15's flat Parquet row (extract-fields), as one JSON
// line. Integers that v15 stores as INT64 travel as numbers and become BigInt in the writer.

export type FileRecord = Omit<AuditRow, 'timestampMs' | 'enterSelectionTxnId' | 'leaveSelectionTxnId'> & {
  timestamp: number | null;
  /** UTC day of the timestamp, YYYYMMDD (the Parquet file it goes into). */
  date: string;
  screenshotSavedPaths: string | null;
  tags: string | null;
};

const intOrNull = (v: number | null): number | null => (v !== null && Number.isSafeInteger(v) ? v : null);

export function fileRecord(datum: AuditEventDatum, staticTags: string | null): FileRecord {
  const r = auditRow(datum.event);
  const ms = Number.isFinite(r.timestampMs) ? r.timestampMs : Math.floor(datum.receivedUs / 1000);
  return {
    timestamp: ms,
    date: new Date(ms).toISOString().slice(0, 10).replace(/-/g, ''),
    eventId: r.eventId,
    correlationId: r.correlationId,
    eventType: r.eventType,
    userId: r.userId,
    appId: r.appId,
    appName: r.appName,
    sheetId: r.sheetId,
    sheetName: r.sheetName,
    objectId: r.objectId,
    selectionTxnId: r.selectionTxnId,
    durationMs: intOrNull(r.durationMs),
    visible: r.visible,
    enteredAt: r.enteredAt,
    leftAt: r.leftAt,
    dataStateId: intOrNull(r.dataStateId),
    screenshotUrl: r.screenshotUrl,
    selectionDetails: r.selectionDetails,
    screenshotSavedPaths: null,
    objectType: r.objectType,
    objectData: r.objectData,
    tags: staticTags,
  };
}

/** v15's `tags` column: the static tags as a JSON object, null when none. */
export function staticTagsJson(list: ReadonlyArray<{ name: string; value: string }> | null | undefined): string | null {
  if (!list || list.length === 0) return null;
  return JSON.stringify(Object.fromEntries(list.filter((t) => t.name).map((t) => [t.name, String(t.value)])));
}
