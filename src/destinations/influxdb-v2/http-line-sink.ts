// What InfluxDB 2 and 3 share: start-up provisioning in the background, a raw line-protocol POST with a token,
// per-version classification of the answer, and health from the last outcome. Each version supplies its
// path, answer classifier and provisioner (influxdb-v2-sink.ts, ../influxdb-v3/influxdb-v3-sink.ts).

import type { ErrorType } from '../../threads/messages.js';
import type { Clock } from '../delivery/clock.js';
import type { Sink, SinkBatch, SinkHealth } from '../sink.js';
import { errorFromException } from '../sink-error.js';
import { sendBatchBody, type WriteAnswer } from './body-sender.js';
import type { HttpAnswer, HttpLineWriter } from '../http-line-writer.js';
import type { ProvisionLoop } from '../provision-loop.js';

export interface HttpLineSinkParts {
  errorType: ErrorType;
  /** Write URL without query string (logs, error reports). */
  target: string;
  /** Path and query of the write request. */
  path: string;
  writer: HttpLineWriter;
  provisioner: ProvisionLoop;
  classify: (answer: HttpAnswer, requestUrl: string, now: number) => WriteAnswer;
  clock: Clock;
  /** Releases what the version holds besides the writer (e.g. an admin client). */
  closeExtra?: () => Promise<void>;
}

export class HttpLineSink implements Sink {
  readonly id = 'influxdb';
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
    const { provisioner, writer, path, target, classify, clock } = this.parts;
    try {
      // Until provisioning succeeded the bucket/database may not exist; this also lets the delivery backoff drive it.
      await provisioner.ensure();
      await sendBatchBody(async (body) => classify(await writer.post(path, body, target), target, clock.now()), batch.body, batch.lines);
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
