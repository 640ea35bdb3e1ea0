// Response bodies of the audit API, as Butler SOS v15 sends them: 202 `{status:"accepted", receivedAt,
// outcome:"processed"}`, errors `{status:"error", receivedAt, outcome, reason, details?}`, plus its security headers.

export interface AuditReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Outcome = 'processed' | 'dropped' | 'error';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'",
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function securityHeaders(tls: boolean): Record<string, string> {
  return tls ? { ...SECURITY_HEADERS, 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : { ...SECURITY_HEADERS };
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): AuditReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function auditReply(status: number, outcome: Outcome, reason?: string, details?: unknown, headers: Record<string, string> = {}): AuditReply {
  const body: Record<string, unknown> = { status: status >= 400 ? 'error' : 'accepted', receivedAt: new Date().toISOString(), outcome };
  if (reason) body.reason = reason;
  if (details !== undefined) body.details = details;
  return jsonReply(status, body, headers);
}
