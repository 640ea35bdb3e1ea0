// Realistic Audit.qs envelopes (one per event type Butler SOS v15 knows), a config builder for the auditEvents
// section and a small client: the simulator's audit mode, the bench audit step and the audit tests use them.
import { randomUUID } from 'node:crypto';

export const AUDIT_QS_VERSION = '0.3.2';
const APP_ID = '4f6e2a1c-8b3d-4e5f-9a0b-1c2d3e4f5a6b';

export interface Envelope {
  schemaVersion: number;
  eventId: string;
  correlationId?: string;
  timestamp: string;
  type: string;
  source?: { kind: string; name: string; version: string };
  payload: { context?: Record<string, unknown>; event: Record<string, unknown> };
}

function context(user: string) {
  return { appId: APP_ID, appName: 'Sales dashboard', sheetId: 'a1b2c3', sheetName: 'Overview', user: `LAB\\${user}`, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0' };
}

/** The event part of each v15 event type. */
export function eventOf(type: string, n: number): Record<string, unknown> {
  const txn = randomUUID();
  switch (type) {
    case 'navigation.sheet.loaded':
      return { sheetId: 'a1b2c3', loadTimeMs: 420 + (n % 50) };
    case 'object.visibility.changed':
      return { objectId: `obj${n % 7}`, visible: n % 2 === 0, selectionTxnId: txn };
    case 'object.view.duration':
      return { objectId: `obj${n % 7}`, duration: 1500 + n, enteredAt: '2026-12-02T10:00:00.000Z', leftAt: '2026-12-02T10:00:01.500Z', visible: true, selectionTxnId: txn, enterSelectionTxnId: txn, leaveSelectionTxnId: randomUUID(), dataStateId: 1733130000000 + n };
    case 'selection.state.changed':
      return { selectionTxnId: txn, details: [{ qField: 'Country', qSelectedCount: 2, qSelected: 'Sweden, Norway', qTotal: 40 }] };
    case 'selection.transaction.finalized':
      return { selectionTxnId: txn, beforeSelections: [], afterSelections: [{ qField: 'Country', qSelected: 'Sweden' }] };
    case 'app.model.validated':
      return { selectionTxnId: txn, dataStateId: 1733130000000 + n, captureScheduled: true };
    case 'screenshot.url.received':
      return { screenshotUrl: `https://sense.lab.local/tempcontent/${n}.png?serverNodeId=1`, objectId: `obj${n % 7}`, selectionTxnId: txn, objectData: { objectType: 'barchart', dimensions: [{ label: 'Country' }], measures: [{ label: 'Sales' }] } };
    case 'event.bookmark':
      return { bookmarkId: `bm${n}`, action: 'apply' };
    case 'event.unsupported.visualization':
      return { objectId: `obj${n % 7}`, vizType: 'boxplot', title: 'Spread', trigger: 'capture', dataStateId: 5, selectionTxnId: txn };
    default:
      return { note: 'generic audit event' };
  }
}

export const AUDIT_TYPES = [
  'navigation.sheet.loaded',
  'object.visibility.changed',
  'object.view.duration',
  'selection.state.changed',
  'selection.transaction.finalized',
  'app.model.validated',
  'screenshot.url.received',
  'event.bookmark',
  'event.unsupported.visualization',
  'audit.event',
] as const;

export function envelope(type: string, n = 0, at = new Date()): Envelope {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    correlationId: `corr-${n % 13}`,
    timestamp: at.toISOString(),
    type,
    source: { kind: 'qlik-sense-extension', name: 'audit-qs', version: AUDIT_QS_VERSION },
    payload: { context: context(`user${n % 5}`), event: eventOf(type, n) },
  };
}

/** YAML lines of an auditEvents section (8-space indent under Butler-SOS), merged with extra lines. */
export function auditYaml(port: number, extra: string[] = []): string {
  return [
    '    auditEvents:',
    '        enable: true',
    '        host: 127.0.0.1',
    `        port: ${port}`,
    ...extra,
  ].join('\n');
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function postAudit(base: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const res = await fetch(`${base}/api/v1/audit-event`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Audit-QS-Version': AUDIT_QS_VERSION, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
