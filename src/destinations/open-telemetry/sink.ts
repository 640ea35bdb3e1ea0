// The OpenTelemetry destination's writer side: one batch → at most one OTLP/HTTP export request per signal
// (log records to /v1/logs, metric points to /v1/metrics). Per batch it remembers which requests were settled,
// so a retry after a failed metrics request never sends the accepted log records again. 413 halves a request
// until it fits (one record that still does not fit is rejected); a partial success counts the records the
// backend rejected as permanently rejected and carries its message into the log (response.ts for the rest).
import type { AppLogger } from '../../log/logger.js';
import { decodeRecordLines } from '../record-lines.js';
import type { DataModule, ErrorModule, ErrorType } from '../../threads/messages.js';
import type { Sink, SinkBatch, SinkErrorContext, SinkHealth } from '../sink.js';
import { errorFromException, partlyRejected, SinkWriteError } from '../sink-error.js';
import { sanitizeRequestUrl } from '../../errors/sanitize-url.js';
import { logsRequest, metricsRequest, ResourceCache, type Scope } from './export-request.js';
import { OtlpHttp } from './http-client.js';
import { LOGS_PATH, METRICS_PATH, requestHeaders, signalUrl } from './options.js';
import { isOtlpLine, type LogLine, type OtlpLine, type PointLine } from './records.js';
import { failureKind, failureMessage, partialSuccessOf, type Signal } from './response.js';
import type { Config } from '../../config/schema/index.js';

export const OTLP_ERROR_TYPE: ErrorType = 'OTLP_EXPORT';

export interface OpenTelemetrySinkDeps {
  logger: AppLogger;
  /** Instrumentation scope of every record: butler-sos and its version. */
  scope: Scope;
}

interface Part {
  signal: Signal;
  lines: LogLine[] | PointLine[];
}

interface BatchState {
  parts: Part[];
  bad: string[];
  /** `${signal}|${start}-${end}` of requests that are settled (accepted, partly or wholly rejected for good). */
  settled: Set<string>;
  rejected: number;
  offending: string[];
  lastStatus?: number;
}

export class OpenTelemetrySink implements Sink {
  readonly id = 'open-telemetry';
  readonly errorType = OTLP_ERROR_TYPE;
  readonly target: string;
  private readonly http: OtlpHttp;
  private readonly headers: Record<string, string>;
  private readonly resources: ResourceCache;
  private readonly states = new WeakMap<SinkBatch, BatchState>();
  private readonly urls: Record<Signal, string>;
  private downReason = '';

  constructor(private readonly config: Config['openTelemetry'], private readonly deps: OpenTelemetrySinkDeps) {
    this.http = new OtlpHttp(config.timeoutMs, config.compression === 'gzip');
    this.headers = requestHeaders(config);
    this.resources = new ResourceCache(Object.fromEntries(config.resourceAttributes.map((a) => [a.name, a.value])));
    this.urls = { logs: signalUrl(config.endpoint, LOGS_PATH), metrics: signalUrl(config.endpoint, METRICS_PATH) };
    this.target = sanitizeRequestUrl(config.endpoint);
  }

  async start(): Promise<void> {
    // Nothing to provision: an OTLP receiver has no databases or buckets.
  }

  async write(batch: SinkBatch): Promise<void> {
    const state = this.stateOf(batch);
    for (const part of state.parts) await this.send(state, part, 0, part.lines.length);
    this.downReason = '';
    const rejected = state.rejected + state.bad.length;
    if (rejected > 0) {
      throw partlyRejected(batch.lines, rejected, { item: 'an OpenTelemetry record', message: `OTLP endpoint rejected ${rejected} record(s) of a batch` }, state.bad, state.offending, state.lastStatus);
    }
  }

  private stateOf(batch: SinkBatch): BatchState {
    let state = this.states.get(batch);
    if (state) return state;
    const decoded = decodeRecordLines<OtlpLine>(batch.body, isOtlpLine);
    const logs: LogLine[] = [];
    const points: PointLine[] = [];
    for (const r of decoded.records) (r.k === 'log' ? logs : points).push(r as never);
    const parts: Part[] = [];
    if (logs.length > 0) parts.push({ signal: 'logs', lines: logs });
    if (points.length > 0) parts.push({ signal: 'metrics', lines: points });
    state = { parts, bad: decoded.bad, settled: new Set(), rejected: 0, offending: [] };
    this.states.set(batch, state);
    return state;
  }

  private encode(part: Part, start: number, end: number): Uint8Array {
    const protocol = this.config.protocol;
    if (part.signal === 'logs') return logsRequest((part.lines as LogLine[]).slice(start, end), this.resources, this.deps.scope, protocol);
    return metricsRequest((part.lines as PointLine[]).slice(start, end), this.resources, this.deps.scope, protocol);
  }

  private async send(state: BatchState, part: Part, start: number, end: number): Promise<void> {
    const key = `${part.signal}|${start}-${end}`;
    if (state.settled.has(key)) return;
    const url = this.urls[part.signal];
    let result;
    try {
      result = await this.http.post(url, this.headers, this.encode(part, start, end));
    } catch (err) {
      const failure = errorFromException(err, { requestUrl: sanitizeRequestUrl(url), requestTimeoutMs: this.config.timeoutMs });
      failure.details.message = `OTLP export failed: ${failure.details.message ?? 'unknown error'}`;
      this.downReason = failure.details.message;
      throw failure;
    }
    const { status } = result;
    const count = end - start;
    if (status >= 200 && status < 300) {
      state.settled.add(key);
      const partial = partialSuccessOf(part.signal, this.config.protocol === 'http/json', result.body);
      if (partial.rejected > 0) {
        state.rejected += Math.min(partial.rejected, count);
        state.offending.push(`OTLP ${part.signal} partial success: ${partial.rejected} of ${count} rejected${partial.message ? `: ${partial.message}` : ''}`);
      } else if (partial.message) {
        // A warning from the backend with nothing rejected (OTLP allows it): worth a line, not an error.
        this.deps.logger.warn({ signal: part.signal }, `OTLP endpoint accepted the ${part.signal} with a warning: ${partial.message}`);
      }
      return;
    }
    if (status === 413 && count > 1) {
      // Too large for this backend's request limit: halve until it fits, in order.
      const mid = start + Math.ceil(count / 2);
      await this.send(state, part, start, mid);
      await this.send(state, part, mid, end);
      state.settled.add(key);
      return;
    }
    const said = failureMessage(result.contentType, result.body);
    const message = `OTLP ${part.signal} export answered HTTP ${status}${said ? `: ${said}` : ''}`;
    const kind = failureKind(status);
    if (kind === 'rejected') {
      state.settled.add(key);
      state.rejected += count;
      state.lastStatus = status;
      state.offending.push(`${message} (${count} record(s))`);
      return;
    }
    this.downReason = message;
    throw new SinkWriteError({ kind, retryAfterMs: result.retryAfterMs, details: { message, httpStatus: status, requestUrl: sanitizeRequestUrl(url) } });
  }

  async stop(): Promise<void> {
    await this.http.close();
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }

  errorContext(module: DataModule): SinkErrorContext {
    return { module: module as ErrorModule, destinationHost: originOf(this.config.endpoint) };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
