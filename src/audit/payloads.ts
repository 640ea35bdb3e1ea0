import Type, { type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { AuditEnvelope, SchemaProblem } from './envelope.js';

// Per-type payload schemas (Butler SOS v15): only the types listed here have one; others pass as they are.
// A payload that fails is a 422 "Payload validation failed" and is not queued.

const OrNull = (t: TSchema) => Type.Union([t, Type.Null()]);
const TxnId = Type.String({ minLength: 1, maxLength: 36, format: 'uuid' });

const Context = Type.Optional(
  Type.Object(
    {
      appId: Type.Optional(Type.String()),
      appName: Type.Optional(Type.String({ maxLength: 64 })),
      sheetId: Type.Optional(Type.String({ maxLength: 64 })),
      sheetName: Type.Optional(Type.String({ maxLength: 64 })),
      user: Type.Optional(Type.String({ maxLength: 256 })),
      userAgent: Type.Optional(Type.String({ maxLength: 512 })),
    },
    { additionalProperties: true },
  ),
);

const payload = (event: Record<string, TSchema>) =>
  Type.Object({ context: Context, event: Type.Object(event, { additionalProperties: true }) }, { additionalProperties: true });

const SCHEMAS: Record<string, TSchema> = {
  'selection.transaction.finalized': payload({
    selectionTxnId: TxnId,
    beforeSelections: Type.Array(Type.Unknown(), { maxItems: 500 }),
    afterSelections: Type.Array(Type.Unknown(), { maxItems: 500 }),
  }),
  'selection.state.changed': payload({ selectionTxnId: TxnId, details: Type.Array(Type.Unknown(), { maxItems: 500 }) }),
  'app.model.validated': payload({
    selectionTxnId: TxnId,
    dataStateId: Type.Optional(OrNull(Type.Integer())),
    captureScheduled: Type.Optional(OrNull(Type.Boolean())),
  }),
  'screenshot.url.received': payload({
    screenshotUrl: Type.String({ minLength: 1, maxLength: 2048, format: 'uri' }),
    objectId: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    selectionTxnId: TxnId,
  }),
  'event.unsupported.visualization': payload({
    objectId: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    vizType: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    trigger: Type.Optional(OrNull(Type.String({ maxLength: 64 }))),
    dataStateId: Type.Optional(Type.Union([Type.Number(), Type.String(), Type.Null()])),
    selectionTxnId: TxnId,
  }),
  'object.view.duration': payload({
    objectId: Type.String({ minLength: 1, maxLength: 64 }),
    duration: Type.Number({ minimum: 0 }),
    enteredAt: Type.Optional(OrNull(Type.String({ format: 'date-time' }))),
    leftAt: Type.String({ format: 'date-time' }),
    visible: Type.Optional(OrNull(Type.Boolean())),
    selectionTxnId: Type.Optional(OrNull(Type.String({ maxLength: 36 }))),
    enterSelectionTxnId: Type.Optional(OrNull(Type.String({ maxLength: 36 }))),
    leaveSelectionTxnId: Type.Optional(OrNull(Type.String({ maxLength: 36 }))),
    dataStateId: Type.Optional(OrNull(Type.Integer())),
  }),
};

const VALIDATORS = new Map(Object.entries(SCHEMAS).map(([type, schema]) => [type, Compile(schema)]));

/** [] when the payload is valid for its type (or its type has no schema). */
export function payloadProblems(envelope: AuditEnvelope): SchemaProblem[] {
  const validator = VALIDATORS.get(envelope.type);
  if (!validator || validator.Check(envelope.payload)) return [];
  return [...validator.Errors(envelope.payload)].slice(0, 20).map((e) => ({ instancePath: e.instancePath, message: e.message ?? 'invalid', params: e.params }));
}
