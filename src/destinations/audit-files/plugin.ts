import type { Config } from '../../config/schema/index.js';
import { AUDIT_EVENTS, type AuditEventDatum } from '../../audit/datum.js';
import { auditOutputTypes } from '../../audit/output-types.js';
import type { Encoders } from '../../publish/encoding.js';
import type { ErrorType } from '../../threads/messages.js';
import type { DestinationPlugin } from '../plugin.js';
import { AuditFilesSink } from './audit-files-sink.js';
import { fileRecord, staticTagsJson } from './file-row.js';

// Audit events to files (auditEvents.destination.type lists parquet and/or json): Parquet part files per UTC
// day in parquet.metadata.exportDirectory, each event's objectData as JSON in json.objectdata.exportDirectory.
// Takes audit events only.

export const AUDIT_FILES_ID = 'audit-files';

function dirs(config: Config): { parquet: string | null; json: string | null } {
  const d = config.auditEvents.destination;
  const types = auditOutputTypes(config.auditEvents);
  return {
    parquet: types.has('parquet') ? (d.parquet?.metadata.exportDirectory ?? null) : null,
    json: types.has('json') && d.json?.objectdata?.enable ? (d.json.objectdata.exportDirectory ?? null) : null,
  };
}

export const auditFilesDestination: DestinationPlugin = {
  id: AUDIT_FILES_ID,
  name: 'Audit events to Parquet and JSON files',
  sections: ['auditEvents'],
  errorTypes: ['AUDIT_FILE_WRITE'] as ErrorType[],
  enabled(config) {
    const d = dirs(config);
    return config.auditEvents.enable && config.auditEvents.destination.enable && (d.parquet !== null || d.json !== null);
  },
  takes: (_config, kind) => (kind as string) === AUDIT_EVENTS,
  encoding(config) {
    const tags = staticTagsJson(config.auditEvents.destination.parquet?.metadata.staticTags);
    const encoders = {
      [AUDIT_EVENTS]: (datum: AuditEventDatum, out: (record: string) => void) => out(JSON.stringify(fileRecord(datum, tags))),
    } as unknown as Encoders;
    return { key: 'audit-files', encoders };
  },
  create(config, deps) {
    const d = dirs(config);
    const meta = config.auditEvents.destination.parquet?.metadata;
    void deps;
    return {
      sink: new AuditFilesSink({ parquetDirectory: d.parquet, jsonDirectory: d.json, createdBy: 'butler-sos-mt' }),
      // v15 flushed its row buffer every writeFrequency ms or at maxBatchSize rows; one batch = one part file.
      delivery: meta ? { maxBatchLines: meta.maxBatchSize, flushIntervalMs: Math.max(1, meta.writeFrequency) } : {},
    };
  },
  describe(config) {
    const d = dirs(config);
    return `Audit events → ${[d.parquet && `Parquet in ${d.parquet}`, d.json && `objectData JSON in ${d.json}`].filter(Boolean).join(', ')}`;
  },
};
