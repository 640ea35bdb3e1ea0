import type { AuditEnvelope } from './envelope.js';

// The flat view of one audit event that every output writes (Butler SOS v15's mapping: InfluxDB tags and
// fields, Parquet columns; docs/audit-events.md). Pure: runs in the encoders.

export interface AuditRow {
  eventId: string;
  correlationId: string | null;
  eventType: string;
  userId: string | null;
  appId: string | null;
  appName: string | null;
  sheetId: string | null;
  sheetName: string | null;
  objectId: string | null;
  selectionTxnId: string | null;
  durationMs: number | null;
  visible: boolean | null;
  enteredAt: string | null;
  leftAt: string | null;
  enterSelectionTxnId: string | null;
  leaveSelectionTxnId: string | null;
  dataStateId: number | null;
  screenshotUrl: string | null;
  /** JSON of the picked selection details (selection.state.changed). */
  selectionDetails: string | null;
  objectType: string | null;
  /** JSON of payload.event.objectData. */
  objectData: string | null;
  /** Epoch ms of the envelope timestamp. */
  timestampMs: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** v15 keeps three keys of each Qlik selection object for selection.state.changed. */
function pickSelections(details: unknown): string | null {
  if (!Array.isArray(details) || details.length === 0) return null;
  return JSON.stringify(details.map((d) => {
    const o = obj(d);
    return { qField: o.qField, qSelectedCount: o.qSelectedCount, qSelected: o.qSelected };
  }));
}

export function auditRow(envelope: AuditEnvelope): AuditRow {
  const payload = obj(envelope.payload);
  const context = obj(payload.context);
  const event = obj(payload.event);
  const objectData = typeof event.objectData === 'object' && event.objectData !== null ? (event.objectData as Obj) : null;
  return {
    eventId: envelope.eventId,
    correlationId: str(envelope.correlationId),
    eventType: envelope.type,
    userId: str(context.user),
    appId: str(context.appId),
    appName: str(context.appName),
    sheetId: str(context.sheetId),
    sheetName: str(context.sheetName),
    objectId: str(event.objectId),
    selectionTxnId: str(event.selectionTxnId),
    durationMs: num(event.duration),
    visible: bool(event.visible),
    enteredAt: str(event.enteredAt),
    leftAt: str(event.leftAt),
    enterSelectionTxnId: str(event.enterSelectionTxnId),
    leaveSelectionTxnId: str(event.leaveSelectionTxnId),
    dataStateId: num(event.dataStateId),
    screenshotUrl: str(event.screenshotUrl),
    selectionDetails: envelope.type === 'selection.state.changed' ? pickSelections(event.details) : null,
    objectType: objectData ? str(objectData.objectType) : null,
    objectData: objectData ? JSON.stringify(objectData) : null,
    timestampMs: Date.parse(envelope.timestamp),
  };
}
