// The on-disk record of the spool. One record is one producer message (or one batch spilled from memory):
//
//   u32 LE  payload length
//   u32 LE  crc32 of the payload
//   payload: u8 module length, module (ASCII), u32 LE line count, u8 server-name length, server name (UTF-8), body
//
// The length comes first so a reader can skip a record whose checksum fails; the checksum covers everything
// after it, so a torn write (process killed, disk full, power loss) or flipped bits are detected and the
// record is skipped instead of being replayed as garbage.

import { crc32 } from 'node:zlib';
import type { DataModule } from '../../threads/messages.js';

export const HEADER_BYTES = 8;
/** A sane upper bound; a larger length field can only be corruption. */
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export interface SpoolRecord {
  module: DataModule;
  lines: number;
  serverName: string;
  body: Uint8Array;
}

export function encodeRecord(rec: SpoolRecord): Buffer {
  const module = Buffer.from(rec.module, 'latin1');
  const server = Buffer.from(rec.serverName.slice(0, 255), 'utf8').subarray(0, 255);
  const payloadLength = 1 + module.length + 4 + 1 + server.length + rec.body.byteLength;
  const out = Buffer.allocUnsafe(HEADER_BYTES + payloadLength);
  let at = HEADER_BYTES;
  out[at++] = module.length;
  at += module.copy(out, at);
  out.writeUInt32LE(rec.lines >>> 0, at);
  at += 4;
  out[at++] = server.length;
  at += server.copy(out, at);
  out.set(rec.body, at);
  out.writeUInt32LE(payloadLength, 0);
  out.writeUInt32LE(crc32(out.subarray(HEADER_BYTES)), 4);
  return out;
}

export type ReadResult =
  /** A whole, intact record; `next` is the offset after it. */
  | { kind: 'record'; record: SpoolRecord; size: number }
  /** The checksum or the payload layout is wrong; `size` bytes can be skipped (the length field looked sane). */
  | { kind: 'corrupt'; size: number; why: string }
  /** Not enough bytes for the header or the payload: the end of the data, or a torn last write. */
  | { kind: 'short'; have: number; need: number }
  /** The length field itself is impossible: nothing after `offset` can be trusted. */
  | { kind: 'garbage'; why: string };

/** Reads the record starting at `offset` of `buf`, never trusting a byte the checksum has not confirmed. */
export function readRecord(buf: Uint8Array, offset: number): ReadResult {
  const have = buf.byteLength - offset;
  if (have < HEADER_BYTES) return { kind: 'short', have, need: HEADER_BYTES };
  const view = Buffer.from(buf.buffer, buf.byteOffset + offset, have);
  const payloadLength = view.readUInt32LE(0);
  if (payloadLength < 7 || payloadLength > MAX_PAYLOAD_BYTES) return { kind: 'garbage', why: `impossible record length ${payloadLength}` };
  const size = HEADER_BYTES + payloadLength;
  if (have < size) return { kind: 'short', have, need: size };
  const payload = view.subarray(HEADER_BYTES, size);
  if (crc32(payload) !== view.readUInt32LE(4)) return { kind: 'corrupt', size, why: 'checksum mismatch' };
  const record = decodePayload(payload);
  if (typeof record === 'string') return { kind: 'corrupt', size, why: record };
  return { kind: 'record', record, size };
}

function decodePayload(p: Buffer): SpoolRecord | string {
  let at = 0;
  const moduleLength = p[at++];
  if (at + moduleLength + 5 > p.length) return 'module field overruns the record';
  const module = p.toString('latin1', at, at + moduleLength) as DataModule;
  at += moduleLength;
  const lines = p.readUInt32LE(at);
  at += 4;
  const serverLength = p[at++];
  if (at + serverLength > p.length) return 'server-name field overruns the record';
  const serverName = p.toString('utf8', at, at + serverLength);
  at += serverLength;
  return { module, lines, serverName, body: p.subarray(at) };
}
