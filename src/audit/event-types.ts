// The event types Audit.qs sends (Butler SOS v15's allow-list) and the envelope constraints checked after the
// schema. Every violation is collected, so a client learns them all from one 422.
import type { AuditEnvelope } from './envelope.js';

export const AUDIT_EVENT_TYPES = [
  'selection.state.changed',
  'selection.transaction.finalized',
  'object.visibility.changed',
  'object.view.duration',
  'navigation.sheet.loaded',
  'app.model.validated',
  'screenshot.url.received',
  'event.bookmark',
  'event.unsupported.visualization',
  'audit.event',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_EVENT_TYPES);
/** `event.<anything>` is accepted too (v15: dynamic event types). */
const EVENT_WILDCARD = /^event\..+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: string): boolean => UUID.test(v);

export function isAcceptedType(type: string): boolean {
  return KNOWN.has(type) || EVENT_WILDCARD.test(type);
}

/** Constraint violations of a schema-valid envelope ([] when none), in v15's wording. */
export function constraintViolations(envelope: AuditEnvelope): string[] {
  const reasons: string[] = [];
  if (!isUuid(envelope.eventId)) reasons.push(`eventId is not a valid UUID ("${envelope.eventId}")`);
  if (envelope.correlationId !== undefined && envelope.correlationId.length > 64) {
    reasons.push(`correlationId exceeds 64 characters (length=${envelope.correlationId.length})`);
  }
  const context = envelope.payload.context;
  const appId = typeof context === 'object' && context !== null ? (context as Record<string, unknown>).appId : undefined;
  if (appId !== undefined && (typeof appId !== 'string' || !isUuid(appId))) {
    reasons.push(`payload.context.appId is not a valid UUID ("${String(appId)}")`);
  }
  if (!isAcceptedType(envelope.type)) reasons.push(`type is not a recognised event type ("${envelope.type}")`);
  return reasons;
}
