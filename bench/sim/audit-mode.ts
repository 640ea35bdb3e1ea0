// `npm run sim -- --audit`: posts realistic Audit.qs events of every v15 type to a collector's audit API at a
// paced rate, bounded by count and duration, to loopback only. Prints what the API answered per status.
import { AUDIT_TYPES, envelope, postAudit } from './audit-events.js';

export interface AuditModeOptions {
  host: string;
  port: number;
  token: string;
  /** Events per second; 0 = as fast as `concurrency` allows. */
  rate: number;
  durationS: number;
  count: number;
  concurrency: number;
}

export interface AuditModeReport {
  sent: number;
  byStatus: Record<string, number>;
  elapsedMs: number;
  acceptedPerS: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function runAuditMode(opts: AuditModeOptions): Promise<AuditModeReport> {
  if (!LOOPBACK.has(opts.host)) throw new Error(`--audit posts to loopback only (127.0.0.1, ::1, localhost), not ${opts.host}`);
  const base = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const headers: Record<string, string> = opts.token ? { Authorization: `Bearer ${opts.token}` } : {};
  const started = performance.now();
  const endAt = started + opts.durationS * 1000;
  const byStatus: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const n = next++;
      if (n >= opts.count || performance.now() >= endAt) return;
      if (opts.rate > 0) {
        const due = started + (n * 1000) / opts.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      let key: string;
      try {
        key = String((await postAudit(base, envelope(AUDIT_TYPES[n % AUDIT_TYPES.length], n), headers)).status);
      } catch (err) {
        key = `error ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`;
      }
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  const elapsedMs = performance.now() - started;
  const sent = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { sent, byStatus, elapsedMs: Math.round(elapsedMs), acceptedPerS: Math.round(((byStatus['202'] ?? 0) * 1000) / Math.max(1, elapsedMs)) };
}
