import type { AuditRequest } from '../../audit/audit-api.js';
import type { AuditReply } from '../../audit/responses.js';

// What both engines need to serve the audit API: where to listen, TLS files, the body limit and the handler.

export interface AuditTlsFiles {
  cert: string;
  key: string;
  /** '' for none. */
  ca: string;
  passphrase: string;
}

export interface AuditServerOptions {
  host: string;
  port: number;
  tls: AuditTlsFiles | null;
  maxBodyBytes: number;
  handle: (req: AuditRequest) => AuditReply;
}

/** Request header values before the body arrives (uWS request objects die after the callback). */
export type AuditRequestHead = Omit<AuditRequest, 'body'>;
