// Refused audit API requests counted by reason (the web console, logs and tests read them).

export const REFUSAL_REASONS = [
  'not_found',
  'method',
  'ip_rate_limit',
  'unauthorized',
  'body_too_large',
  'media_type',
  'invalid_json',
  'schema',
  'constraint',
  'version',
  'payload',
  'queue_rate_limit',
  'queue_full',
  'internal',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export class RefusalCounts {
  readonly byReason: Record<RefusalReason, number> = Object.fromEntries(REFUSAL_REASONS.map((r) => [r, 0])) as Record<RefusalReason, number>;
  /** Accepted events that named no Audit.qs version (v15 accepts them and warns). */
  missingVersion = 0;

  count(reason: RefusalReason): void {
    this.byReason[reason]++;
  }

  get total(): number {
    return Object.values(this.byReason).reduce((a, b) => a + b, 0);
  }
}
