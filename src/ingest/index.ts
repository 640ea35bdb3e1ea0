/**
 * UDP ingest: sockets → shared-memory rings → slices for the parse pool (docs/architecture.md#ring-buffer).
 *
 * Lifecycle (main thread = supervisor; parse workers = Piscina):
 *
 * 1. Per enabled socket ('log', 'user') create an IngestSocket (or by hand: RingWriter.create(ringBytes,
 *    SocketKind.X) → new SliceDispatcher(ring, run, options, logger) → new UdpListener({ dispatcher, ... })).
 *    `run` is `(task: RingTask) => pool.run(task)`; it is only called once datagrams arrive, so the pool may be
 *    created after the sockets are constructed and before `start()`.
 * 2. Give every ring SAB to the parse pool ONCE through workerData, keyed by ring id (`socket.ringId`, which
 *    equals its SocketKind: 1 = log, 2 = user). Replacement workers get the same workerData. Tasks carry only
 *    a RingTask `{ ring, start, end, count }`: numbers, no buffers.
 * 3. `await socket.start()` binds (allow-list resolved first). Per datagram the listener checks allow-list →
 *    size → rate limit and copies into the ring; the dispatcher closes a slice after `sliceMaxDatagrams`
 *    records or `sliceMaxDelayMs` after its first record (and at a wrap), and keeps at most
 *    `maxSlicesInFlight` tasks running. A full ring drops the datagram and counts it; nothing ever blocks.
 * 4. In a worker: `forEachRecord(workerData.rings[task.ring], task.start, task.end, (payload, timeUs,
 *    remoteIPv4, remotePort) => …)`. `payload` is a view into shared memory valid only during the callback
 *    (decode or copy it there). `timeUs` is the receive time (µs since epoch, strictly increasing per ring).
 *    The result's `corruptAt` is -1, or the offset of a bad header (count it as an error; never expected).
 *    Resolve the task when the slice's data no longer needs the ring; reject/throw only for a crash: the
 *    slice is retried `maxRetries` times (default 2), then its datagrams are counted in DATAGRAMS_LOST.
 *    Slices may finish in any order; the ring reuses bytes only once all older slices finished.
 * 5. Counters: `readRingCounters(sab)` from any thread (Atomics loads of the control words, see `Ctl`).
 *    They are uint32 and wrap: report `counterDelta(now, previous)` between samples. Live queue depth:
 *    `dispatcher.stats()` (main thread only).
 * 6. Shutdown: `await socket.stop(timeoutMs?)` (= `listener.close()` then `dispatcher.drain(timeoutMs?)`: the
 *    open slice is closed and every queued or running slice finishes; resolves false if the timeout passed
 *    first); only then close the parse pool.
 */
export { IngestSocket, socketKindOf, type IngestSocketOptions } from './ingest-socket.js';
export { INVALID_IPV4, formatIPv4, parseIPv4 } from './ipv4.js';
export {
  DEFAULT_INGEST_TUNING,
  DEFAULT_MAX_MESSAGES_PER_MINUTE,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_PORTS,
  type IngestTuning,
  type SocketName,
  type UdpServerConfig,
} from './listener-options.js';
export { FixedWindowRateLimiter } from './rate-limiter.js';
export {
  CONTROL_BYTES,
  Ctl,
  SocketKind,
  counterDelta,
  readRingCounters,
  recordBytes,
  type CtlSlot,
  type RingCounters,
  type SocketKindValue,
} from './ring-layout.js';
export { forEachRecord, type RecordVisitor, type SliceReadResult } from './ring-reader.js';
export { RingSlice, type RingTask } from './ring-slice.js';
export { RingWriter } from './ring-writer.js';
export { SliceDispatcher, type SliceDispatchOptions, type SliceDispatcherStats, type SliceRunner } from './slice-dispatcher.js';
export { SourceAllowList, lookupIPv4, type IPv4Resolver } from './source-allow-list.js';
export { UdpListener, type UdpListenerOptions } from './udp-listener.js';
