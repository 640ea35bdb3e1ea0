// What sits between producers and a sink: messages waiting to be written. The lane only talks to the
// BatchBuffer interface (push, take, settle), so the disk spool (../spool/disk-spool.ts) is just another
// buffer: its take() reads from disk and its settle() advances the durable read cursor.

import { Fifo } from './fifo.js';
import type { SinkBatch } from '../sink.js';
import type { DataModule } from '../../threads/messages.js';

/** Producer data as it waits in a buffer. `seq` increases by one per pushed message within a lane. */
export interface BufferedMessage {
  body: Uint8Array;
  lines: number;
  serverName: string;
  seq: number;
  /** Clock time it was queued; batching by age looks at the oldest. */
  queuedAt: number;
}

/** A batch handed to the lane: what to write plus the message range it covers. */
export interface TakenBatch {
  batch: SinkBatch;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
}

export interface BatchLimits {
  maxLines: number;
  maxBytes: number;
}

export type OverflowHandler = (lines: number, batches: number) => void;

export interface BatchBuffer {
  readonly lines: number;
  readonly bytes: number;
  /** Queue time of the oldest waiting message, undefined when empty. */
  oldestQueuedAt(): number | undefined;
  /** Seq of the oldest waiting message, undefined when empty. */
  headSeq(): number | undefined;
  push(message: BufferedMessage): void;
  /** Removes and returns the next batch within the limits (a single oversized message is split by lines). */
  take(limits: BatchLimits): TakenBatch | undefined;
  /** The lane is done with a batch (written, rejected or abandoned). */
  settle(taken: TakenBatch): void;
  /** Empties the buffer, returning what was discarded. */
  discardAll(): { lines: number; batches: number };
  /** Seq of the newest message when the buffer numbers messages itself (the disk spool, across restarts). */
  tailSeq?(): number;
  /** The lane gives up a taken batch at shutdown; a persistent buffer keeps it. Returns the lines lost. */
  release?(taken: TakenBatch): number;
}

export interface MemoryBufferLimits {
  maxQueuedLines: number;
  maxQueuedBytes: number;
}

const NEWLINE = 0x0a;

/** Bounded in-memory buffer; on overflow the OLDEST waiting message is dropped and reported. */
export class MemoryBatchBuffer implements BatchBuffer {
  private readonly queue = new Fifo<BufferedMessage>();
  private queuedLines = 0;
  private queuedBytes = 0;

  constructor(
    private readonly module: DataModule,
    private readonly limits: MemoryBufferLimits,
    private readonly onOverflow: OverflowHandler,
  ) {}

  get lines(): number {
    return this.queuedLines;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  oldestQueuedAt(): number | undefined {
    return this.queue.peek()?.queuedAt;
  }

  headSeq(): number | undefined {
    return this.queue.peek()?.seq;
  }

  push(message: BufferedMessage): void {
    this.queue.push(message);
    this.queuedLines += message.lines;
    this.queuedBytes += message.body.byteLength;
    this.enforceBounds();
  }

  private enforceBounds(): void {
    let droppedLines = 0;
    let droppedBatches = 0;
    // Keep at least the newest message even if it alone exceeds the bounds: dropping it too would
    // throw away data the lane could still write (it is split into batches on take()).
    while ((this.queuedLines > this.limits.maxQueuedLines || this.queuedBytes > this.limits.maxQueuedBytes) && this.queue.length > 1) {
      const old = this.queue.shift()!;
      this.queuedLines -= old.lines;
      this.queuedBytes -= old.body.byteLength;
      droppedLines += old.lines;
      droppedBatches++;
    }
    if (droppedBatches > 0) this.onOverflow(droppedLines, droppedBatches);
  }

  take(limits: BatchLimits): TakenBatch | undefined {
    const first = this.queue.peek();
    if (!first) return undefined;
    if (first.lines > limits.maxLines || first.body.byteLength > limits.maxBytes) return this.takeSplit(first, limits);
    const parts: BufferedMessage[] = [];
    let lines = 0;
    let bytes = 0;
    for (let next = this.queue.peek(); next; next = this.queue.peek()) {
      if (parts.length > 0 && (lines + next.lines > limits.maxLines || bytes + next.body.byteLength > limits.maxBytes)) break;
      parts.push(this.queue.shift()!);
      lines += next.lines;
      bytes += next.body.byteLength;
    }
    this.queuedLines -= lines;
    this.queuedBytes -= bytes;
    return this.assemble(parts, lines);
  }

  /** Cuts the head message after at most maxLines lines / maxBytes bytes (at least one line). */
  private takeSplit(head: BufferedMessage, limits: BatchLimits): TakenBatch {
    const body = head.body;
    let end = 0;
    let lines = 0;
    while (end < body.byteLength && lines < limits.maxLines) {
      const nl = body.indexOf(NEWLINE, end);
      const lineEnd = nl === -1 ? body.byteLength : nl + 1;
      if (lines > 0 && lineEnd > limits.maxBytes) break;
      end = lineEnd;
      lines++;
    }
    if (end >= body.byteLength) {
      // Producers' count and the real line count disagree; send the whole message.
      this.queue.shift();
      this.queuedLines -= head.lines;
      this.queuedBytes -= body.byteLength;
      return this.assemble([head], head.lines);
    }
    const restLines = Math.max(1, head.lines - lines);
    const takenLines = head.lines - restLines;
    this.queue.replaceHead({ ...head, body: body.subarray(end), lines: restLines });
    this.queuedLines -= takenLines;
    this.queuedBytes -= end;
    return this.assemble([{ ...head, body: body.subarray(0, end), lines: takenLines }], takenLines);
  }

  private assemble(parts: BufferedMessage[], lines: number): TakenBatch {
    const body = joinLines(parts);
    let serverName = parts[0].serverName;
    for (let i = 1; i < parts.length; i++) if (parts[i].serverName !== serverName) serverName = '';
    return {
      batch: { module: this.module, body, lines, serverName },
      bytes: body.byteLength,
      firstSeq: parts[0].seq,
      lastSeq: parts[parts.length - 1].seq,
    };
  }

  settle(_taken: TakenBatch): void {
    // Memory batches are gone once taken; a spool would advance its read position here.
  }

  discardAll(): { lines: number; batches: number } {
    const result = { lines: this.queuedLines, batches: this.queue.length };
    this.queue.clear();
    this.queuedLines = 0;
    this.queuedBytes = 0;
    return result;
  }
}

/** Concatenates bodies so every record ends with '\n'; a single terminated body is passed through. */
export function joinLines(parts: readonly { body: Uint8Array }[]): Uint8Array {
  if (parts.length === 1) {
    const only = parts[0].body;
    if (only.byteLength > 0 && only[only.byteLength - 1] === NEWLINE) return only;
  }
  let total = 0;
  for (const p of parts) total += p.body.byteLength + (endsWithNewline(p.body) ? 0 : 1);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const p of parts) {
    out.set(p.body, at);
    at += p.body.byteLength;
    if (!endsWithNewline(p.body)) out[at++] = NEWLINE;
  }
  return out;
}

function endsWithNewline(body: Uint8Array): boolean {
  return body.byteLength > 0 && body[body.byteLength - 1] === NEWLINE;
}
