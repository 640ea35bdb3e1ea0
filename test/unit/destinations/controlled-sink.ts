import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { MemorySink } from './memory-sink.js';

type Mode = 'ok' | 'fail' | 'hang';

/**
 * A sink whose writes succeed, fail (ECONNREFUSED) or hang until the test answers them: a batch can be put
 * "on the wire" at an exact moment of the fake clock and settled later either way.
 */
export class ControlledSink extends MemorySink {
  mode: Mode = 'ok';
  attempts = 0;
  private hung: Array<{ batch: SinkBatch; resolve: () => void; reject: (e: Error) => void }> = [];

  override write(batch: SinkBatch): Promise<void> {
    this.attempts++;
    if (this.mode === 'fail') return Promise.reject(refused());
    if (this.mode === 'hang') return new Promise((resolve, reject) => this.hung.push({ batch, resolve, reject }));
    return super.write(batch);
  }

  /** Batches whose write is on the wire (hung). */
  get onTheWire(): SinkBatch[] {
    return this.hung.map((h) => h.batch);
  }

  /** Answers every hung write: stored and resolved (true) or rejected as refused (false). */
  answer(ok: boolean): void {
    for (const h of this.hung.splice(0)) settle(this.batches, h, ok);
  }

  /** Answers the hung write at `index` (0: the oldest still hung) only. */
  answerOne(index: number, ok: boolean): void {
    const [h] = this.hung.splice(index, 1);
    if (!h) throw new Error(`no hung write at ${index} (${this.hung.length + 1} hung)`);
    settle(this.batches, h, ok);
  }
}

/** A ControlledSink whose backend takes batches in any order (as InfluxDB does), so writes may overlap. */
export class UnorderedSink extends ControlledSink {
  readonly unordered = true;
}

function settle(stored: SinkBatch[], h: { batch: SinkBatch; resolve: () => void; reject: (e: Error) => void }, ok: boolean): void {
  if (ok) {
    stored.push(h.batch);
    h.resolve();
  } else h.reject(refused());
}

function refused(): SinkWriteError {
  return new SinkWriteError({ kind: 'retryable', details: { message: 'connect ECONNREFUSED' } });
}

/** The `n` of every stored `line n` in arrival order. */
export function seqs(sink: MemorySink): number[] {
  return sink.lines().map((l) => Number(l.split(' ')[1]));
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
