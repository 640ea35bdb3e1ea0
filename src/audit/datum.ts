import type { AuditEnvelope } from './envelope.js';

/**
 * One accepted Audit.qs event, as the audit API hands it on (publishAuditEvent). Once audit events are a kind
 * of published data this is `PublishedData['AUDIT_EVENTS']`.
 */
export interface AuditEventDatum {
  event: AuditEnvelope;
  /** When the API accepted it: epoch microseconds. */
  receivedUs: number;
}

/** The data kind / batch module audit events travel under (not yet part of DataModule: see docs/audit-events.md). */
export const AUDIT_EVENTS = 'AUDIT_EVENTS';
