import { existsSync } from 'node:fs';
import type { AuditEventsConfig } from '../config/schema/audit-events.js';
import { AUDIT_OUTPUT_TYPES, auditOutputTypes } from './output-types.js';

// Start-up checks of auditEvents the schema cannot express. Settings this edition cannot carry out are refused
// with one line each (docs/compatibility.md lists them), never accepted and ignored.

const K = 'Butler-SOS.auditEvents';
/** destination.screenshots.downloadTimeoutMs's default (v15's). */
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 15000;

export function auditConfigProblems(section: AuditEventsConfig): string[] {
  if (!section.enable) return [];
  const problems: string[] = [];
  const d = section.destination;
  if (section.tls.enable) {
    for (const key of ['cert', 'key'] as const) {
      const file = section.tls[key];
      if (!file) problems.push(`${K}.tls.${key}: required while tls.enable is true`);
      else if (!existsSync(file)) problems.push(`${K}.tls.${key}: file ${file} does not exist`);
    }
    if (section.tls.ca && !existsSync(section.tls.ca)) problems.push(`${K}.tls.ca: file ${section.tls.ca} does not exist`);
  }
  const shots = d.screenshots;
  if (shots?.enable) {
    // Naming the download settings given tells the admin what would have happened; none of it can.
    const given: string[] = (['addInImageMetadata', 'auth', 'storageTargets', 'allowedImageDownloadHosts'] as const).filter((k) => shots[k] !== undefined);
    if (shots.downloadTimeoutMs !== DEFAULT_DOWNLOAD_TIMEOUT_MS) given.unshift('downloadTimeoutMs');
    const detail = given.length > 0 ? ` (settings given: ${given.join(', ')})` : '';
    problems.push(`${K}.destination.screenshots.enable: screenshot download is not supported by this edition${detail}; set it to false`);
  }
  if (!d.enable) return problems;
  const types = auditOutputTypes(section);
  for (const t of types) {
    if (!(AUDIT_OUTPUT_TYPES as readonly string[]).includes(t)) problems.push(`${K}.destination.type: unknown output "${t}" (expected a comma list of ${AUDIT_OUTPUT_TYPES.join(', ')})`);
  }
  // As in v15, an output's section (qvd included) does nothing unless destination.type lists the output.
  if (types.has('qvd')) {
    problems.push(`${K}.destination.type: qvd output is not supported by this edition (no maintained QVD writer library); remove qvd`);
  }
  if (types.has('influxdb') && !d.influxdb) problems.push(`${K}.destination.influxdb.metadata: required while destination.type lists influxdb`);
  if (types.has('parquet') && !d.parquet) problems.push(`${K}.destination.parquet.metadata: required while destination.type lists parquet`);
  if (types.has('json') && !(d.json?.objectdata?.enable && d.json.objectdata.exportDirectory)) {
    problems.push(`${K}.destination.json.objectdata: enable: true and an exportDirectory are required while destination.type lists json`);
  }
  for (const out of ['influxdb', 'parquet'] as const) {
    const od = d[out]?.objectdata;
    if (types.has(out) && od?.enable) problems.push(`${K}.destination.${out}.objectdata.enable: separate objectdata storage (exportDirectory ${od.exportDirectory ?? 'unset'}) is not supported by this edition; objectData is in every metadata row`);
  }
  return problems;
}
