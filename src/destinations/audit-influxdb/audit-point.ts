import type { AuditEventsConfig } from '../../config/schema/audit-events.js';
import { auditRow } from '../../audit/audit-row.js';
import type { AuditEventDatum } from '../../audit/datum.js';
import { encodeLine } from '../../points/line-protocol.js';
import { boolLiteralFor, setTag, type Field, type InfluxVersion, type Point, type Tag } from '../../points/point.js';
import { configTags, orderMembers } from '../../points/tags.js';

// `audit_event` (measurementName) as Butler SOS v15 writes it: time = the envelope's timestamp; tags eventType,
// auditEventSchemaVersion, eventId, correlationId, selectionTxnId, userId, appId, appName, objectType and the
// static tags; the other values are fields (docs/audit-events.md has the table).

type Metadata = NonNullable<AuditEventsConfig['destination']['influxdb']>['metadata'];

export function createAuditPointEncoder(metadata: Metadata): (datum: AuditEventDatum) => string {
  const version = metadata.version as InfluxVersion;
  const staticTags = configTags(metadata.staticTags);
  return (datum) => encodeLine(auditPoint(metadata.measurementName, metadata.auditEventSchemaVersion, staticTags, version, datum));
}

export function auditPoint(measurement: string, schemaVersion: string, staticTags: readonly Tag[], version: InfluxVersion, datum: AuditEventDatum): Point {
  const r = auditRow(datum.event);
  const tags: Tag[] = [
    ['eventType', r.eventType],
    ['auditEventSchemaVersion', schemaVersion],
    ['eventId', r.eventId],
  ];
  const optionalTags: Array<[string, string | null]> = [
    ['correlationId', r.correlationId],
    ['selectionTxnId', r.selectionTxnId],
    ['userId', r.userId],
    ['appId', r.appId],
    ['appName', r.appName],
    ['objectType', r.objectType],
  ];
  for (const [k, v] of optionalTags) if (v !== null) tags.push([k, v]);
  for (const [k, v] of staticTags) setTag(tags, k, v);
  const fields: Field[] = [];
  const text: Array<[string, string | null]> = [
    ['sheetId', r.sheetId],
    ['sheetName', r.sheetName],
    ['objectId', r.objectId],
    ['enteredAt', r.enteredAt],
    ['leftAt', r.leftAt],
    ['enterSelectionTxnId', r.enterSelectionTxnId],
    ['leaveSelectionTxnId', r.leaveSelectionTxnId],
    ['selectionDetails', r.selectionDetails],
    ['screenshotUrl', r.screenshotUrl],
    ['objectData', r.objectData],
  ];
  for (const [k, v] of text) if (v !== null) fields.push([k, 'string', v]);
  // Floats, as the v15 clients write JS numbers: durationMs may be fractional, and a type must never change.
  if (r.durationMs !== null) fields.push(['durationMs', 'float', r.durationMs]);
  if (r.dataStateId !== null) fields.push(['dataStateId', 'float', r.dataStateId]);
  if (r.visible !== null) fields.push(['visible', 'boolean', r.visible]);
  // An event with no field at all (navigation.sheet.loaded without sheet data) still needs one to be a point.
  if (fields.length === 0) fields.push(['eventCount', 'float', 1]);
  const timeUs = Number.isFinite(r.timestampMs) ? r.timestampMs * 1000 : datum.receivedUs;
  return orderMembers({ measurement, tags, fields, timeUs, boolLiteral: boolLiteralFor(version) }, version);
}
