// The New Relic destination: Metric API for metric data (health, proxy sessions, collector uptime), Event
// API for events (user and log events), to every account the data module is routed to (options.ts).
// A batch is split into requests within New Relic's limits; 413 halves a request until it fits (a single
// item that is still too large is dropped and counted); 429 and 5xx are retried by the delivery layer
// (429 after Retry-After); 400 drops that request's items; 401/403 are configuration errors.
// Per batch the sink remembers which (account, request) pairs were accepted, so a retry never posts the
// same items to the same account twice.

import type { AppLogger } from '../../log/logger.js';
import type { DataModule, ErrorModule, ErrorType } from '../../threads/messages.js';
import { decodeRecordLines } from '../record-lines.js';
import { isNrItem, isNrMetricData, type NrItem } from './items/items.js';
import type { Sink, SinkBatch, SinkErrorContext, SinkHealth } from '../sink.js';
import { errorFromException, kindOfHttpStatus, partlyRejected, SinkWriteError } from '../sink-error.js';
import { chunkBody, chunkItems, halves, type Chunk } from './chunks.js';
import { NewRelicHttp } from './http-client.js';
import {
  accountListOf,
  DEFAULT_NEW_RELIC_LIMITS,
  eventUrl,
  requestHeaders,
  type NewRelicCredential,
  type NewRelicDestinationConfig,
  type NewRelicLimits,
} from './options.js';

export interface NewRelicSinkDeps {
  logger: AppLogger;
  limits?: Partial<NewRelicLimits>;
}

const ERROR_MODULES: Partial<Record<DataModule, ErrorModule>> = {
  HEALTH_METRICS: 'HEALTH_METRICS_NEW_RELIC',
  PROXY_SESSIONS: 'PROXY_SESSIONS_NEW_RELIC',
  BUTLER_MEMORY: 'UPTIME_NEW_RELIC',
  USER_EVENTS: 'USER_EVENTS_NEW_RELIC',
};

type Api = 'metric' | 'event';

interface ApiItems {
  api: Api;
  serialised: string[];
  chunks: Chunk[];
}

interface BatchState {
  parts: ApiItems[];
  bad: string[];
  /** `${account}|${api}|${start}-${end}` of requests that are settled (accepted or rejected for good). */
  settled: Set<string>;
  rejected: number;
  offending: string[];
  lastStatus?: number;
}

export class NewRelicSink implements Sink {
  readonly id = 'new-relic';
  readonly errorType: ErrorType = 'NEW_RELIC_POST';
  readonly target: string;
  private readonly http: NewRelicHttp;
  private readonly limits: NewRelicLimits;
  private readonly accounts = new Map<string, NewRelicCredential>();
  private readonly states = new WeakMap<SinkBatch, BatchState>();
  private readonly warnedUnknown = new Set<string>();
  private downReason = '';

  constructor(private readonly config: NewRelicDestinationConfig, private readonly deps: NewRelicSinkDeps) {
    this.limits = { ...DEFAULT_NEW_RELIC_LIMITS, ...deps.limits };
    this.http = new NewRelicHttp(this.limits.timeoutMs);
    for (const c of config.thirdPartyToolsCredentials.newRelic ?? []) this.accounts.set(c.accountName, c);
    this.target = `${config.newRelic.metric.url} + ${config.newRelic.event.url}`;
  }

  async start(): Promise<void> {
    // Nothing to provision; unknown account names are reported now rather than on the first batch.
    for (const module of ['HEALTH_METRICS', 'LOG_EVENTS', 'BUTLER_MEMORY'] as const) this.resolveAccounts(module);
  }

  async write(batch: SinkBatch): Promise<void> {
    const state = this.stateOf(batch);
    const accounts = this.resolveAccounts(batch.module);
    if (accounts.length === 0) {
      throw new SinkWriteError({
        kind: 'rejected',
        details: { message: `New Relic: no known destination account for ${batch.module} (check the destinationAccount list and thirdPartyToolsCredentials.newRelic)` },
      });
    }
    for (const account of accounts) {
      for (const part of state.parts) {
        for (const chunk of part.chunks) await this.postChunk(state, account, part, chunk);
      }
    }
    this.downReason = '';
    const rejected = state.rejected + state.bad.length;
    if (rejected > 0) {
      throw partlyRejected(batch.lines, rejected, { item: 'a New Relic item', message: `New Relic refused ${rejected} item(s) of a batch` }, state.bad, state.offending, state.lastStatus);
    }
  }

  private stateOf(batch: SinkBatch): BatchState {
    let state = this.states.get(batch);
    if (state) return state;
    const decoded = decodeRecordLines<NrItem>(batch.body, isNrItem);
    const metric: string[] = [];
    const event: string[] = [];
    for (const item of decoded.records) (isNrMetricData(item) ? metric : event).push(JSON.stringify(item));
    const parts: ApiItems[] = [];
    for (const [api, serialised] of [['metric', metric], ['event', event]] as const) {
      if (serialised.length > 0) parts.push({ api, serialised, chunks: chunkItems(serialised, this.limits.maxItemsPerRequest, this.limits.maxPayloadBytes) });
    }
    state = { parts, bad: decoded.bad, settled: new Set(), rejected: 0, offending: [] };
    this.states.set(batch, state);
    return state;
  }

  private async postChunk(state: BatchState, account: NewRelicCredential, part: ApiItems, chunk: Chunk): Promise<void> {
    const key = `${account.accountName}|${part.api}|${chunk.start}-${chunk.end}`;
    if (state.settled.has(key)) return;
    const url = this.urlOf(part.api, account);
    const headers = requestHeaders(part.api === 'metric' ? this.config.newRelic.metric.header : this.config.newRelic.event.header, account.insertApiKey);
    let result;
    try {
      result = await this.http.post(url, headers, chunkBody(part.serialised, chunk));
    } catch (err) {
      const failure = errorFromException(err, { requestUrl: url, requestTimeoutMs: this.limits.timeoutMs });
      failure.details.message = `New Relic post failed: ${failure.details.message ?? 'unknown error'}`;
      this.downReason = failure.details.message;
      throw failure;
    }
    const { status } = result;
    if (status === 200 || status === 202) {
      state.settled.add(key);
      return;
    }
    if (status === 413 && chunk.end - chunk.start > 1) {
      // Too large for New Relic after all (its limit may be below ours): halve until it fits.
      for (const half of halves(chunk)) await this.postChunk(state, account, part, half);
      state.settled.add(key);
      return;
    }
    const kind = status === 413 ? 'rejected' : kindOfHttpStatus(status);
    const message = `New Relic ${part.api === 'metric' ? 'Metric' : 'Event'} API answered HTTP ${status}${result.text ? `: ${result.text.slice(0, 300)}` : ''}`;
    if (kind === 'rejected') {
      state.settled.add(key);
      state.rejected += chunk.end - chunk.start;
      state.lastStatus = status;
      state.offending.push(`${message} (account "${account.accountName}", ${chunk.end - chunk.start} item(s))`);
      return;
    }
    this.downReason = message;
    throw new SinkWriteError({ kind, retryAfterMs: result.retryAfterMs, details: { message, httpStatus: status, requestUrl: url } });
  }

  private urlOf(api: Api, account: NewRelicCredential): string {
    return api === 'metric' ? this.config.newRelic.metric.url : eventUrl(this.config.newRelic.event.url, account.accountId);
  }

  private resolveAccounts(module: DataModule): NewRelicCredential[] {
    const out: NewRelicCredential[] = [];
    for (const name of accountListOf(this.config, module)) {
      const account = this.accounts.get(name);
      if (account) out.push(account);
      else if (!this.warnedUnknown.has(name)) {
        this.warnedUnknown.add(name);
        this.deps.logger.error({ account: name }, 'New Relic destination account is not in thirdPartyToolsCredentials.newRelic; skipped.');
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.http.close();
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }

  errorContext(module: DataModule): SinkErrorContext {
    const metricModule = module === 'HEALTH_METRICS' || module === 'PROXY_SESSIONS' || module === 'BUTLER_MEMORY';
    return { module: ERROR_MODULES[module] ?? (module as ErrorModule), destinationHost: originOf(metricModule ? this.config.newRelic.metric.url : this.config.newRelic.event.url) };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
