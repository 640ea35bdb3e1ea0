// What every InfluxDB version shares: start-up provisioning in the background, a raw line-protocol POST,
// per-version classification of the answer, and health from the last outcome. Each version supplies its path,
// credentials, answer classifier and provisioner (v1/influxdb-v1-sink.ts, v2/..., v3/...).

import type { ErrorType } from '../../threads/messages.js';
import type { Clock } from '../../clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException } from '../sink-error.js';
import { sendBatchBody, type WriteAnswer } from './body-sender.js';
import type { HttpAnswer, HttpLineWriter } from './http-line-writer.js';
import type { ProvisionLoop } from '../provision-loop.js';

/** A version's reading of a write answer; `lines` is the line count of the body that was sent. */
export type ClassifyAnswer = (answer: HttpAnswer, requestUrl: string, now: number, lines: number) => WriteAnswer;

export interface HttpLineSinkParts {
  errorType: ErrorType;
  /** Write URL without query string (logs, error reports). */
  target: string;
  /** Path and query of the write request. */
  path: string;
  writer: HttpLineWriter;
  provisioner: ProvisionLoop;
  classify: ClassifyAnswer;
  clock: Clock;
  /** Adapts a batch body to the server before it is sent (v1: the field types an existing database holds). */
  rewrite?: (body: Uint8Array) => Uint8Array;
  /** Releases what the version holds besides the writer (e.g. an admin client). */
  closeExtra?: () => Promise<void>;
}

export class HttpLineSink implements Sink {
  readonly id = 'influxdb';
  readonly unordered = true;
  readonly errorType: ErrorType;
  readonly target: string;
  private downReason = 'not started';

  constructor(private readonly parts: HttpLineSinkParts) {
    this.errorType = parts.errorType;
    this.target = parts.target;
  }

  async start(): Promise<void> {
    await this.parts.provisioner.start();
    this.downReason = this.parts.provisioner.pendingReason;
  }

  async write(batch: SinkBatch): Promise<void> {
    const { provisioner, writer, path, target, classify, clock, rewrite } = this.parts;
    try {
      // Until provisioning succeeded the database/bucket may not exist; this also lets the delivery backoff drive it.
      await provisioner.ensure();
      const body = rewrite ? rewrite(batch.body) : batch.body;
      await sendBatchBody(async (part, lines) => classify(await writer.post(path, part, target), target, clock.now(), lines), body, batch.lines);
      this.downReason = '';
    } catch (err) {
      const failure = errorFromException(err);
      // A rejected line says nothing about the destination's health; the other kinds mean it is down.
      this.downReason = failure.kind === 'rejected' ? '' : (failure.details.message ?? failure.kind);
      throw failure;
    }
  }

  async stop(): Promise<void> {
    this.parts.provisioner.stop();
    await Promise.all([this.parts.writer.close(), this.parts.closeExtra?.()]);
  }

  health(): SinkHealth {
    return { up: this.downReason === '', reason: this.downReason };
  }
}
