import type { AddressInfo } from 'node:net';
import type { AppLogger } from '../log/logger.js';
import type { IngestTuning, SocketName, UdpServerConfig } from './listener-options.js';
import { SocketKind, type SocketKindValue } from './ring-layout.js';
import { RingWriter } from './ring-writer.js';
import { SliceDispatcher, type SliceRunner } from './slice-dispatcher.js';
import type { IPv4Resolver } from './source-allow-list.js';
import { UdpListener } from './udp-listener.js';

export interface IngestSocketOptions {
  socket: SocketName;
  udpServerConfig: UdpServerConfig;
  tuning: Pick<IngestTuning, 'ringBytes' | 'udpReceiveBufferBytes' | 'sliceMaxDatagrams' | 'sliceMaxDelayMs' | 'maxSlicesInFlight'>;
  /** Runs one slice in the parse pool, e.g. `(task) => pool.run(task)`. */
  run: SliceRunner;
  logger: AppLogger;
  /** Attempts after the first for a failed slice (default 2). */
  maxRetries?: number;
  /** Host-name resolver for allowedSources (tests inject one). */
  resolve?: IPv4Resolver;
}

export function socketKindOf(socket: SocketName): SocketKindValue {
  return socket === 'log' ? SocketKind.LOG : SocketKind.USER;
}

/**
 * One UDP socket with its ring and dispatcher, wired in the only valid order. The ring exists from
 * construction, so its SAB can go into the parse pool's workerData before `start()` binds the socket.
 */
export class IngestSocket {
  readonly ring: RingWriter;
  readonly dispatcher: SliceDispatcher;
  readonly listener: UdpListener;

  constructor(options: IngestSocketOptions) {
    const { tuning } = options;
    this.ring = RingWriter.create(tuning.ringBytes, socketKindOf(options.socket));
    this.dispatcher = new SliceDispatcher(
      this.ring,
      options.run,
      {
        sliceMaxDatagrams: tuning.sliceMaxDatagrams,
        sliceMaxDelayMs: tuning.sliceMaxDelayMs,
        maxSlicesInFlight: tuning.maxSlicesInFlight,
        maxRetries: options.maxRetries,
      },
      options.logger,
    );
    this.listener = new UdpListener({
      socket: options.socket,
      udpServerConfig: options.udpServerConfig,
      udpReceiveBufferBytes: tuning.udpReceiveBufferBytes,
      dispatcher: this.dispatcher,
      logger: options.logger,
      resolve: options.resolve,
    });
  }

  /** RingTask.ring of this socket's slices (= its SocketKind). */
  get ringId(): number {
    return this.ring.id;
  }

  get sab(): SharedArrayBuffer {
    return this.ring.sab;
  }

  /** Resolves the allow-list and binds; rejects with an error naming the socket, host and port. */
  start(): Promise<AddressInfo> {
    return this.listener.start();
  }

  /**
   * Shutdown, step 1 of the supervisor's order: stop receiving, then wait until every slice in the ring has
   * been parsed (or given up). Keep the parse pool running until this resolves. False: `timeoutMs` passed
   * with slices still running (their datagrams are not counted as lost).
   */
  async stop(timeoutMs = Infinity): Promise<boolean> {
    await this.listener.close();
    return this.dispatcher.drain(timeoutMs);
  }
}
