import type { AuditEventsConfig } from '../config/schema/audit-events.js';

// `auditEvents.destination.type`: a comma list of influxdb, parquet, qvd, json (v15), any case and spacing.
export const AUDIT_OUTPUT_TYPES = ['influxdb', 'parquet', 'qvd', 'json'] as const;
export type AuditOutputType = (typeof AUDIT_OUTPUT_TYPES)[number];

export function auditOutputTypes(section: AuditEventsConfig): Set<string> {
  return new Set(
    section.destination.type
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ''),
  );
}
