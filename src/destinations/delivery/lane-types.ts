// What a DeliveryLane needs and tells: its dependencies, its events, and the disk spool as a diverted lane
// sees it (spill a message; reserve a copy of a batch still on the wire).

import type { Sink, SinkBatch } from '../sink.js';
import type { SinkWriteError } from '../sink-error.js';
import type { DataModule } from '../../threads/messages.js';
import type { BatchBuffer } from './batch-buffer.js';
import type { Clock, RandomSource } from '../../clock.js';
import type { DeliveryCounters } from './delivery-stats.js';
import type { DeliveryOptions } from './options.js';

export interface LaneEvents {
  /** The first failed attempt of a batch; called once per batch, however often it is retried. */
  firstFailure(batch: SinkBatch, error: SinkWriteError): void;
  /** A batch was written (fully or, after a partial rejection, the accepted part). */
  written(batch: SinkBatch, afterFailure: boolean): void;
  /** Every failed attempt (firstFailure only sees the first per batch). */
  attemptFailed?(error: SinkWriteError): void;
  /** Nothing queued and nothing in flight any more (after a batch settled). */
  idle?(): void;
}

/** Where a diverted lane hands its data: the destination's disk spool. */
export type SpillFn = (module: DataModule, body: Uint8Array, lines: number, serverName: string) => void;

/** The spool's copy of a batch that was on the wire when the lane was diverted. */
export interface SpoolReservation {
  /** 'written': replay passes over the copy; 'failed': the copy is replayed in its place; 'kept': shutdown. */
  settle(outcome: 'written' | 'failed' | 'kept'): void;
}

/** The destination's disk spool as a diverted lane sees it. */
export interface SpillTarget {
  spill: SpillFn;
  /** Copies a batch still on the wire into the spool, ahead of what is spilled next; undefined: not stored. */
  reserve(batch: SinkBatch): SpoolReservation | undefined;
}

export interface LaneDeps {
  sink: Sink;
  buffer: BatchBuffer;
  options: DeliveryOptions;
  counters: DeliveryCounters;
  clock: Clock;
  random: RandomSource;
  events: LaneEvents;
  /** This lane replays the disk spool: its written lines also count as replayed. */
  replay?: boolean;
  /**
   * Writes at once (default 1). Above 1 batches may reach the backend out of order; the buffer's settle()
   * must then accept batches in any order (the memory buffer does; the spool's read cursor does not).
   */
  maxInFlight?: number;
}
