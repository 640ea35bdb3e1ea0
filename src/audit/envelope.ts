import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';

// The Audit.qs envelope as Butler SOS v15 accepts it on POST /api/v1/audit-event (docs/audit-events.md).
// Open-ended on purpose: newer extensions may add fields without breaking this server. A body that fails this
// schema is a 400 "Schema validation failed"; the semantic checks after it (constraints.ts, payloads.ts) are 422.

export const AuditEnvelopeSchema = Type.Object(
  {
    schemaVersion: Type.Integer({ minimum: 1 }),
    eventId: Type.String({ minLength: 1 }),
    correlationId: Type.Optional(Type.String()),
    timestamp: Type.String({ format: 'date-time' }),
    type: Type.String({ minLength: 1 }),
    source: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(Type.Literal('qlik-sense-extension')),
          name: Type.Optional(Type.Literal('audit-qs')),
          version: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

export type AuditEnvelope = Static<typeof AuditEnvelopeSchema>;

const compiled = Compile(AuditEnvelopeSchema);

/** One schema problem, in the shape v15 returned them (`details.errors`). */
export interface SchemaProblem {
  instancePath: string;
  message: string;
  params?: unknown;
}

export type EnvelopeCheck = { ok: true; envelope: AuditEnvelope } | { ok: false; errors: SchemaProblem[] };

export function checkEnvelope(body: unknown): EnvelopeCheck {
  if (compiled.Check(body)) return { ok: true, envelope: body };
  const errors = [...compiled.Errors(body)].slice(0, 20).map((e) => ({ instancePath: e.instancePath, message: e.message ?? 'invalid', params: e.params }));
  return { ok: false, errors };
}
