import {
  CONTROL_BYTES,
  CONTROL_SLOTS,
  Ctl,
  RECORD_ALIGN,
  RECORD_HEADER_BYTES,
  REC_IPV4,
  REC_PORT,
  REC_TIME_US,
} from './ring-layout.js';

/**
 * Called once per record. `payload` is a view into the shared ring, valid only during the call: the main
 * thread reuses those bytes once the slice is released, so copy (or decode) it before returning.
 */
export type RecordVisitor = (payload: Uint8Array, timeUs: number, remoteIPv4: number, remotePort: number) => void;

/** How a slice walk ended. `corruptAt` is the data-region offset of the bad header, or -1. */
export interface SliceReadResult {
  records: number;
  corruptAt: number;
}

interface RingViews {
  control: Int32Array;
  u16: Uint16Array;
  u32: Uint32Array;
  f64: Float64Array;
  capacity: number;
}

// Views are built once per ring per thread: a worker runs many slices over the same SAB.
const viewCache = new WeakMap<SharedArrayBuffer, RingViews>();

function viewsOf(sab: SharedArrayBuffer): RingViews {
  let views = viewCache.get(sab);
  if (views === undefined) {
    const control = new Int32Array(sab, 0, CONTROL_SLOTS);
    const capacity = Math.min(Atomics.load(control, Ctl.CAPACITY) >>> 0, sab.byteLength - CONTROL_BYTES);
    views = {
      control,
      capacity,
      u16: new Uint16Array(sab, CONTROL_BYTES, capacity >> 1),
      u32: new Uint32Array(sab, CONTROL_BYTES, capacity >> 2),
      f64: new Float64Array(sab, CONTROL_BYTES, capacity >> 3),
    };
    viewCache.set(sab, views);
  }
  return views;
}

/**
 * Walks the records of the slice [start, end) of a ring without copying. A header that does not fit the
 * slice (length past `end`, a wrap marker, a misaligned bound) ends the walk with `corruptAt` set; the walk
 * always terminates because every step moves forward by at least one header.
 */
export function forEachRecord(sab: SharedArrayBuffer, start: number, end: number, fn: RecordVisitor): SliceReadResult {
  const views = viewsOf(sab);
  // Pairs with the writer's Atomics.store of PUBLISH_SEQ after each record: orders the reads below after it.
  Atomics.load(views.control, Ctl.PUBLISH_SEQ);
  if (!(start >= 0 && end <= views.capacity && start <= end) || start % RECORD_ALIGN !== 0 || end % RECORD_ALIGN !== 0) {
    return { records: 0, corruptAt: start };
  }
  const { u16, u32, f64 } = views;
  let records = 0;
  let at = start;
  while (at < end) {
    const length = u32[at >> 2];
    const payloadStart = at + RECORD_HEADER_BYTES;
    // Also rejects WRAP_MARKER, which is never inside a slice.
    if (payloadStart > end || length > end - payloadStart) return { records, corruptAt: at };
    fn(
      new Uint8Array(sab, CONTROL_BYTES + payloadStart, length),
      f64[(at + REC_TIME_US) >> 3],
      u32[(at + REC_IPV4) >> 2],
      u16[(at + REC_PORT) >> 1],
    );
    records++;
    at = (payloadStart + length + RECORD_ALIGN - 1) & ~(RECORD_ALIGN - 1);
  }
  return { records, corruptAt: -1 };
}
