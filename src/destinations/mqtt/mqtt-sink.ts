// The MQTT destination: publishes the [topic, payload] records of a batch in order. Queueing, batching,
// retry with backoff and the bound on what waits while the broker is down belong to the delivery layer:
// a write while disconnected fails at once (retryable) and the batch stays queued there.
//
// A retried batch never publishes a record twice from our side: per batch we remember which records the
// broker (QoS 1/2) or the socket (QoS 0) already took, and which are still in flight inside mqtt.js.

import type { AppLogger } from '../../log/logger.js';
import type { DataModule, ErrorModule, ErrorType } from '../../threads/messages.js';
import { decodeRecordLines, type DecodedLines } from '../record-lines.js';
import { invalidTopicReason, isMqttLine, type MqttRecordLine } from './messages/record.js';
import type { Sink, SinkBatch, SinkErrorContext, SinkHealth } from '../sink.js';
import { SinkWriteError } from '../sink-error.js';
import { MqttConnection } from './connection.js';
import { brokerUrl, clientOptions, DEFAULT_MQTT_TIMING, qosOf, type MqttDestinationConfig, type MqttTiming } from './options.js';

export interface MqttSinkDeps {
  logger: AppLogger;
  timing?: Partial<MqttTiming>;
}

/** The module values of MQTT failures (docs/error-tracking.md#error-types-and-modules). */
const ERROR_MODULES: Partial<Record<DataModule, ErrorModule>> = {
  HEALTH_METRICS: 'HEALTH_METRICS_MQTT',
  PROXY_SESSIONS: 'PROXY_SESSIONS_MQTT',
  USER_EVENTS: 'USER_EVENTS_MQTT',
  LOG_EVENTS: 'LOG_EVENTS_MQTT',
};

interface BatchState {
  decoded: DecodedLines<MqttRecordLine>;
  /** Records with a usable topic, by index into decoded.records. */
  valid: number[];
  invalid: string[];
  done: boolean[];
  inFlight: (Promise<void> | undefined)[];
}

export class MqttSink implements Sink {
  readonly id = 'mqtt';
  readonly errorType: ErrorType = 'MQTT_PUBLISH';
  readonly target: string;
  private readonly connection: MqttConnection;
  private readonly timing: MqttTiming;
  private readonly qos: 0 | 1 | 2;
  private readonly retain: boolean;
  private readonly states = new WeakMap<SinkBatch, BatchState>();

  constructor(private readonly config: MqttDestinationConfig, deps: MqttSinkDeps) {
    this.timing = { ...DEFAULT_MQTT_TIMING, ...deps.timing };
    this.target = brokerUrl(config);
    this.qos = qosOf(config);
    this.retain = config.retain ?? false;
    this.connection = new MqttConnection(clientOptions(config, this.timing), this.timing, this.target, deps.logger);
  }

  /** Connections made so far (1 after start, +1 per reconnect). */
  get connectCount(): number {
    return this.connection.connectCount;
  }

  start(): Promise<void> {
    return this.connection.start(this.timing.startWaitMs);
  }

  async write(batch: SinkBatch): Promise<void> {
    const state = this.stateOf(batch);
    if (state.valid.length > 0) {
      if (!this.connection.connected) throw this.failure(new Error(this.connection.downReason || 'not connected'));
      await this.publishPending(state);
    }
    if (state.invalid.length > 0) {
      throw new SinkWriteError({
        kind: 'rejected',
        rejectedLines: state.invalid.length,
        offending: state.invalid,
        details: { message: `MQTT: ${state.invalid.length} record(s) cannot be published (bad record or topic)` },
      });
    }
  }

  private stateOf(batch: SinkBatch): BatchState {
    let state = this.states.get(batch);
    if (state) return state;
    const decoded = decodeRecordLines(batch.body, isMqttLine);
    const valid: number[] = [];
    const invalid = decoded.bad.map((line) => `not an MQTT record: ${line}`);
    decoded.records.forEach(([topic], i) => {
      const reason = invalidTopicReason(topic);
      if (reason) invalid.push(`${reason}: "${topic.slice(0, 200)}"`);
      else valid.push(i);
    });
    state = { decoded, valid, invalid, done: [], inFlight: [] };
    this.states.set(batch, state);
    return state;
  }

  /** Publishes every record not yet taken, in order; waits for all within publishTimeoutMs. */
  private async publishPending(state: BatchState): Promise<void> {
    const client = this.connection.mqtt!;
    const waits: Promise<void>[] = [];
    for (const i of state.valid) {
      if (state.done[i]) continue;
      let pending = state.inFlight[i];
      if (!pending) {
        const [topic, payload] = state.decoded.records[i];
        pending = new Promise<void>((resolve, reject) => {
          client.publish(topic, payload, { qos: this.qos, retain: this.retain }, (err) => (err ? reject(err) : resolve()));
        }).then(
          () => {
            state.done[i] = true;
            state.inFlight[i] = undefined;
          },
          (err: unknown) => {
            state.inFlight[i] = undefined;
            throw err;
          },
        );
        state.inFlight[i] = pending;
      }
      waits.push(pending);
    }
    await this.withTimeout(Promise.all(waits));
  }

  private async withTimeout(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`publish not acknowledged within ${this.timing.publishTimeoutMs} ms`), { code: 'ETIMEDOUT' })), this.timing.publishTimeoutMs);
    });
    try {
      await Promise.race([work, timeout]);
    } catch (err) {
      throw this.failure(err);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(err: unknown): SinkWriteError {
    const e = err as { message?: string; code?: unknown };
    const code = typeof e?.code === 'string' ? e.code : undefined;
    // "MQTT" in the message lets the tracker's categoriser file it under mqtt_error
    // (docs/error-tracking.md#error-categories).
    return new SinkWriteError({
      kind: 'retryable',
      details: { message: `MQTT publish to ${this.target} failed: ${e?.message ?? String(err)}`, ...(code ? { code } : {}) },
      cause: err,
    });
  }

  async stop(): Promise<void> {
    await this.connection.stop(1_000);
  }

  health(): SinkHealth {
    const reason = this.connection.downReason;
    return { up: reason === '', reason };
  }

  errorContext(module: DataModule): SinkErrorContext {
    return { module: ERROR_MODULES[module] ?? (module as ErrorModule), host: this.config.brokerHost };
  }
}
