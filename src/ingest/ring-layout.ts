// The shared-memory layout of one datagram ring (one ring per UDP socket). Every thread that touches a ring
// takes its numbers from here and nowhere else.
//
//   byte 0                       CONTROL_BYTES                                   CONTROL_BYTES + capacity
//   ┌───────────────────────────┬───────────────────────────────────────────────┐
//   │ control words (Int32 × 32) │ data region: records, 8-byte aligned           │
//   └───────────────────────────┴───────────────────────────────────────────────┘
//
// Offsets in control words, slices and tasks are relative to the start of the data region.
//
// Only the main thread writes control words. Other threads read them with Atomics.load. Counters are
// 32-bit and wrap: a reader keeps its previous sample and computes the delta as `(now - prev) >>> 0`
// (see counterDelta), which is exact as long as it samples before a counter advances by 2^32 (for
// RECEIVED_BYTES that is every 4 GiB of traffic: minutes at full line rate, so sample every few seconds).

/** Slot indices (not byte offsets) into the Int32Array over the first CONTROL_BYTES of the SAB. */
export const Ctl = {
  /** Where the next record goes. */
  WRITE_OFFSET: 0,
  /** Start of the oldest record not yet released (advances only over completed slices, in order). */
  READ_OFFSET: 1,
  /** Bytes between READ_OFFSET and WRITE_OFFSET, including the unused tail skipped at a wrap. */
  BYTES_USED: 2,
  /** Size of the data region in bytes (a multiple of RECORD_ALIGN). Constant after creation. */
  CAPACITY: 3,
  /**
   * Records written so far (wraps at 2^32). Stored with Atomics.store after every record so a worker's
   * Atomics.load of it orders its reads after the record bytes it was sent.
   */
  PUBLISH_SEQ: 4,
  /** SocketKind of the ring. Constant after creation. */
  SOCKET_KIND: 5,
  /** Datagrams that passed the source check (Butler's messagesReceived: they reached size/rate/queue). */
  RECEIVED: 6,
  /** Payload bytes of RECEIVED datagrams. */
  RECEIVED_BYTES: 7,
  /** Larger than maxMessageSize. */
  DROPPED_SIZE: 8,
  /** Over the fixed-window rate limit. */
  DROPPED_RATE_LIMIT: 9,
  /** No room in the ring (Butler's messagesDroppedQueueFull). */
  DROPPED_RING_FULL: 10,
  /** Sender not on the allow-list; not part of RECEIVED (Butler counts these nowhere). */
  DROPPED_SOURCE: 11,
  /** Slices handed to the parse pool (first attempt only). */
  SLICES_DISPATCHED: 12,
  /** Slices the parse pool finished. */
  SLICES_COMPLETED: 13,
  /** Extra attempts after a rejected slice task. */
  SLICE_RETRIES: 14,
  /** Datagrams of slices given up after the last retry. */
  DATAGRAMS_LOST: 15,
  /** Rejected slice tasks: a parse worker exited or threw. */
  WORKER_CRASHES: 16,
  /** 'error' events on the UDP socket. */
  SOCKET_ERRORS: 17,
  /** Datagrams in slices the parse pool finished. */
  DATAGRAMS_COMPLETED: 18,
} as const;

export type CtlSlot = (typeof Ctl)[keyof typeof Ctl];

/** 32 slots: room for more counters without moving the data region. */
export const CONTROL_SLOTS = 32;
export const CONTROL_BYTES = CONTROL_SLOTS * 4;

/** Every record starts on an 8-byte boundary so the Float64 receive time can be read through a typed view. */
export const RECORD_ALIGN = 8;

// Record header, byte offsets from the record start. The payload follows the header.
/** u32 payload length, or WRAP_MARKER. */
export const REC_LENGTH = 0;
/** u32 remote IPv4 address, network order folded into a number (a.b.c.d → a<<24|b<<16|c<<8|d). */
export const REC_IPV4 = 4;
/** u16 remote port. */
export const REC_PORT = 8;
/** u8 SocketKind. */
export const REC_KIND = 10;
/** u8 flags, reserved (0). */
export const REC_FLAGS = 11;
/** u32 reserved (0); keeps the receive time 8-aligned. */
export const REC_RESERVED = 12;
/** float64 receive time: integer microseconds since the Unix epoch, strictly increasing per ring. */
export const REC_TIME_US = 16;
export const RECORD_HEADER_BYTES = 24;

/** Length value that means "nothing more before the end of the data region; continue at offset 0". */
export const WRAP_MARKER = 0xffffffff;

export const SocketKind = { LOG: 1, USER: 2 } as const;
export type SocketKindValue = (typeof SocketKind)[keyof typeof SocketKind];

/** Smallest and largest data region a ring accepts (offsets must fit an Int32 control word). */
export const MIN_RING_BYTES = 256;
export const MAX_RING_BYTES = 1 << 30;

/** Bytes a record with `payloadLength` bytes of payload occupies, header and alignment padding included. */
export function recordBytes(payloadLength: number): number {
  return (RECORD_HEADER_BYTES + payloadLength + RECORD_ALIGN - 1) & ~(RECORD_ALIGN - 1);
}

/** A counter's increase since `previous`, correct across one uint32 wrap-around. */
export function counterDelta(current: number, previous: number): number {
  return (current - previous) >>> 0;
}

/** All control words of a ring as unsigned numbers, read with Atomics.load (any thread). */
export interface RingCounters {
  writeOffset: number;
  readOffset: number;
  bytesUsed: number;
  capacity: number;
  published: number;
  received: number;
  receivedBytes: number;
  droppedSize: number;
  droppedRateLimit: number;
  droppedRingFull: number;
  droppedSource: number;
  slicesDispatched: number;
  slicesCompleted: number;
  sliceRetries: number;
  datagramsLost: number;
  workerCrashes: number;
  socketErrors: number;
  datagramsCompleted: number;
}

export function readRingCounters(sab: SharedArrayBuffer): RingCounters {
  const ctl = new Int32Array(sab, 0, CONTROL_SLOTS);
  const u = (slot: CtlSlot): number => Atomics.load(ctl, slot) >>> 0;
  return {
    writeOffset: u(Ctl.WRITE_OFFSET),
    readOffset: u(Ctl.READ_OFFSET),
    bytesUsed: u(Ctl.BYTES_USED),
    capacity: u(Ctl.CAPACITY),
    published: u(Ctl.PUBLISH_SEQ),
    received: u(Ctl.RECEIVED),
    receivedBytes: u(Ctl.RECEIVED_BYTES),
    droppedSize: u(Ctl.DROPPED_SIZE),
    droppedRateLimit: u(Ctl.DROPPED_RATE_LIMIT),
    droppedRingFull: u(Ctl.DROPPED_RING_FULL),
    droppedSource: u(Ctl.DROPPED_SOURCE),
    slicesDispatched: u(Ctl.SLICES_DISPATCHED),
    slicesCompleted: u(Ctl.SLICES_COMPLETED),
    sliceRetries: u(Ctl.SLICE_RETRIES),
    datagramsLost: u(Ctl.DATAGRAMS_LOST),
    workerCrashes: u(Ctl.WORKER_CRASHES),
    socketErrors: u(Ctl.SOCKET_ERRORS),
    datagramsCompleted: u(Ctl.DATAGRAMS_COMPLETED),
  };
}
