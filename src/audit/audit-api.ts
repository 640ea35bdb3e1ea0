import type { AuditEventsConfig } from '../config/schema/audit-events.js';
import type { AppLogger } from '../log/logger.js';
import type { ErrorReport, ErrorType } from '../threads/messages.js';
import type { AuditQueue } from './audit-queue.js';
import { BearerToken } from './bearer-token.js';
import { checkAuditQsVersion, singleHeaderValue } from './compatibility.js';
import { CorsPolicy } from './cors.js';
import { checkEnvelope } from './envelope.js';
import { constraintViolations } from './event-types.js';
import { RateLimiter } from '../http/client-rate-limit.js';
import { payloadProblems } from './payloads.js';
import { auditReply, jsonReply, securityHeaders, type AuditReply } from './responses.js';
import { RefusalCounts, type RefusalReason } from './refusals.js';

// The audit API's routes, engine-neutral (src/http/audit-server/ reads requests from uWebSockets.js or
// node:http): POST /api/v1/audit-event, GET /api/v1/test-connection, OPTIONS preflight. Status codes and bodies
// follow Butler SOS v15 (docs/audit-events.md); every refusal is counted by reason, logged (throttled) and
// reported to the error tracker as AUDIT_API.

export const AUDIT_EVENT_PATH = '/api/v1/audit-event';
export const TEST_CONNECTION_PATH = '/api/v1/test-connection';

export interface AuditRequest {
  method: string;
  path: string;
  ip: string;
  origin: string;
  authorization: string;
  auditQsVersion: string;
  contentType: string;
  requestHeaders: string;
  /** The body; null when it was larger than maxBodyBytes (413). */
  body: Buffer | null;
}

export interface AuditApiDeps {
  logger: AppLogger;
  queue: AuditQueue;
  appVersion: string;
  reportError: (report: ErrorReport) => void;
  tls: boolean;
  now?: () => number;
}

export class AuditApi {
  readonly refusals = new RefusalCounts();
  private readonly token: BearerToken;
  private readonly cors: CorsPolicy;
  private readonly limit: RateLimiter | null;
  private readonly security: Record<string, string>;
  private lastWarnAt = new Map<RefusalReason, number>();
  accepted = 0;

  constructor(
    config: AuditEventsConfig,
    private readonly deps: AuditApiDeps,
  ) {
    this.token = new BearerToken(config.apiToken);
    this.cors = new CorsPolicy(config.cors.allowedOrigins);
    this.limit = config.rateLimit.enable ? new RateLimiter(config.rateLimit.maxPerMinute, 60_000, deps.now) : null;
    this.security = securityHeaders(deps.tls);
  }

  /** Never throws: an internal failure anywhere in handling is v15's 500 (an engine callback must not throw). */
  handle(req: AuditRequest): AuditReply {
    let reply: AuditReply;
    try {
      reply = this.route(req);
    } catch (err) {
      reply = this.internalError(req, err);
    }
    if (req.method !== 'OPTIONS') Object.assign(reply.headers, this.cors.headers(req.origin));
    Object.assign(reply.headers, this.security);
    return reply;
  }

  private route(req: AuditRequest): AuditReply {
    if (req.method === 'OPTIONS') return { status: 204, headers: this.cors.preflight(req.origin, req.requestHeaders), body: '' };
    const known = req.path === AUDIT_EVENT_PATH || req.path === TEST_CONNECTION_PATH;
    if (!known) return this.refuse(req, 'not_found', auditReply(404, 'dropped', 'Not Found'));
    const wanted = req.path === AUDIT_EVENT_PATH ? 'POST' : 'GET';
    if (req.method !== wanted) return this.refuse(req, 'method', auditReply(405, 'dropped', 'Method Not Allowed', undefined, { Allow: `${wanted}, OPTIONS` }));
    if (this.limit) {
      const d = this.limit.take(req.ip);
      if (!d.allowed) {
        return this.refuse(req, 'ip_rate_limit', auditReply(429, 'dropped', 'Rate limit exceeded', { retryAfter: d.resetSeconds }, { 'Retry-After': String(d.resetSeconds) }));
      }
    }
    if (!this.token.accepts(req.authorization)) return this.refuse(req, 'unauthorized', auditReply(401, 'dropped', 'Unauthorized'));
    return req.path === TEST_CONNECTION_PATH ? this.testConnection(req) : this.post(req);
  }

  private testConnection(req: AuditRequest): AuditReply {
    const version = singleHeaderValue(req.auditQsVersion);
    const compat = checkAuditQsVersion(version);
    if (!compat.compatible) this.deps.logger.warn(`AUDIT API: connection test from ${req.ip}: ${compat.message}`);
    else this.deps.logger.info(`AUDIT API: connection test from ${req.ip} (Audit.qs ${version}) succeeded`);
    return jsonReply(200, {
      status: 'ok',
      message: 'Butler SOS Audit API is reachable',
      timestamp: new Date().toISOString(),
      butlerSosVersion: this.deps.appVersion,
      auditQsVersion: version ?? null,
      compatible: compat.compatible,
    });
  }

  private post(req: AuditRequest): AuditReply {
    if (req.body === null) {
      this.deps.queue.countDroppedSize();
      return this.refuse(req, 'body_too_large', auditReply(413, 'dropped', 'Request body is too large'));
    }
    if (!/^application\/json\b/i.test(req.contentType.trim())) {
      return this.refuse(req, 'media_type', auditReply(415, 'dropped', 'Content-Type must be application/json'));
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch (err) {
      return this.refuse(req, 'invalid_json', auditReply(400, 'dropped', 'Body is not valid JSON', { errors: [{ message: (err as Error).message }] }));
    }
    const checked = checkEnvelope(body);
    if (!checked.ok) return this.refuse(req, 'schema', auditReply(400, 'dropped', 'Schema validation failed', { errors: checked.errors }));
    const envelope = checked.envelope;
    const violations = constraintViolations(envelope);
    if (violations.length > 0) {
      return this.refuse(req, 'constraint', auditReply(422, 'dropped', 'One or more constraint violations', { errors: violations.map((message) => ({ message })) }));
    }
    const version = singleHeaderValue(req.auditQsVersion) ?? envelope.source?.version;
    if (version) {
      const compat = checkAuditQsVersion(version);
      if (!compat.compatible) {
        return this.refuse(req, 'version', auditReply(422, 'dropped', 'Incompatible Audit.qs version', { butlerSosVersion: this.deps.appVersion, auditQsVersion: version, compatible: false }));
      }
    } else {
      this.refusals.missingVersion++;
    }
    const problems = payloadProblems(envelope);
    if (problems.length > 0) return this.refuse(req, 'payload', auditReply(422, 'dropped', 'Payload validation failed', { errors: problems }));
    const refused = this.deps.queue.offer({ event: envelope, receivedUs: (this.deps.now ?? Date.now)() * 1000 });
    if (refused === 'rate_limit') return this.refuse(req, 'queue_rate_limit', auditReply(429, 'dropped', 'Rate limit exceeded', { retryAfter: 60 }, { 'Retry-After': '60' }));
    if (refused === 'queue_full') return this.refuse(req, 'queue_full', auditReply(503, 'dropped', 'Event queue is full'));
    this.accepted++;
    return auditReply(202, 'processed');
  }

  /** v15's 500: no details to the client (they are logged here, every time: these are bugs or a broken host). */
  private internalError(req: AuditRequest, err: unknown): AuditReply {
    const reply = auditReply(500, 'error', 'Internal error while processing event');
    try {
      this.deps.logger.error(`AUDIT API: internal error while handling ${req.method} ${req.path} from ${req.ip}: ${(err as Error)?.message ?? String(err)}`);
      return this.refuse(req, 'internal', reply);
    } catch {
      // Logging or reporting failed too: the client still gets its answer.
      return reply;
    }
  }

  private refuse(req: AuditRequest, reason: RefusalReason, reply: AuditReply): AuditReply {
    this.refusals.count(reason);
    const now = Date.now();
    if (now - (this.lastWarnAt.get(reason) ?? 0) >= 60_000) {
      this.lastWarnAt.set(reason, now);
      this.deps.logger.warn(`AUDIT API: refused ${req.method} ${req.path} from ${req.ip}: ${reply.status} (${reason}); such refusals are logged once a minute, all are counted`);
    }
    this.deps.reportError({
      t: 'error',
      type: 'AUDIT_API' as ErrorType,
      module: 'AUDIT_EVENTS',
      serverName: '',
      err: { httpStatus: reply.status, message: `audit API refused a request: ${reason}`, remoteAddress: req.ip },
      at: now,
    });
    return reply;
  }
}
