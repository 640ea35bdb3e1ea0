// A pre-rendered datagram with fixed-width slots that change per send: the sequence digits (1-3 places)
// and the three timestamp renderings. The sender patches the slots in place and sends the same Buffer, so
// no strings are built per datagram.

import { COMPACT_TS_LENGTH, ENGINE_TS_LENGTH, LOCAL_TS_LENGTH, TimestampStamps, formatCompactTs, formatEngineTs, formatLocalTs } from './qlik-time.js';
import { SEQ_DIGITS, formatSeq, writeSeqDigits } from './sequence-token.js';

export type SimLogSource = 'engine' | 'proxy' | 'repository' | 'scheduler' | 'qix-perf';
export type SimSource = SimLogSource | 'user';

export const SIM_LOG_SOURCES: readonly SimLogSource[] = ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf'];
export const SIM_SOURCES: readonly SimSource[] = [...SIM_LOG_SOURCES, 'user'];

export interface DatagramTemplate {
  readonly source: SimSource;
  readonly bytes: Buffer;
  /** Byte offsets of SEQ_DIGITS-wide sequence slots (empty when the datagram carries no token). */
  readonly seqOffsets: readonly number[];
  /** Byte offsets of the timestamp slots, -1 when the layout has none. */
  readonly compactTsOffset: number;
  readonly localTsOffset: number;
  readonly engineTsOffset: number;
}

/**
 * Builds one template field by field. Slots are rendered with the generation-time values so an unpatched
 * template is itself a valid datagram; byte offsets are tracked as pieces are appended (user names and
 * messages may be non-ASCII).
 */
export class TemplateBuilder {
  private readonly pieces: string[] = [];
  private byteLength = 0;
  private readonly seqOffsets: number[] = [];
  private compactTsOffset = -1;
  private localTsOffset = -1;
  private engineTsOffset = -1;

  constructor(
    private readonly source: SimSource,
    private readonly epochMs: number,
    private readonly offsetMinutes: number,
  ) {}

  text(value: string): this {
    this.pieces.push(value);
    this.byteLength += Buffer.byteLength(value);
    return this;
  }

  /** Field separator. */
  sep(): this {
    return this.text(';');
  }

  seq(initial = 0): this {
    this.seqOffsets.push(this.byteLength);
    return this.text(formatSeq(initial));
  }

  compactTs(): this {
    this.compactTsOffset = this.byteLength;
    return this.text(formatCompactTs(this.epochMs, this.offsetMinutes));
  }

  localTs(): this {
    this.localTsOffset = this.byteLength;
    return this.text(formatLocalTs(this.epochMs, this.offsetMinutes));
  }

  engineTs(): this {
    this.engineTsOffset = this.byteLength;
    return this.text(formatEngineTs(this.epochMs, this.offsetMinutes));
  }

  build(): DatagramTemplate {
    const bytes = Buffer.from(this.pieces.join(''), 'utf8');
    return {
      source: this.source,
      bytes,
      seqOffsets: this.seqOffsets,
      compactTsOffset: this.compactTsOffset,
      localTsOffset: this.localTsOffset,
      engineTsOffset: this.engineTsOffset,
    };
  }
}

/** Stamps sequence number and current time into the template's own bytes (hot path: byte copies only). */
export function patchTemplate(template: DatagramTemplate, seq: number, stamps: TimestampStamps): void {
  const bytes = template.bytes;
  const seqOffsets = template.seqOffsets;
  for (let i = 0; i < seqOffsets.length; i++) writeSeqDigits(bytes, seqOffsets[i], seq);
  if (template.compactTsOffset >= 0) bytes.set(stamps.compact, template.compactTsOffset);
  if (template.localTsOffset >= 0) bytes.set(stamps.local, template.localTsOffset);
  if (template.engineTsOffset >= 0) bytes.set(stamps.engine, template.engineTsOffset);
}

/** The datagram text for `seq` at `epochMs` without touching the template (tests, `--print`). */
export function renderTemplate(template: DatagramTemplate, seq: number, epochMs: number, offsetMinutes: number): string {
  const copy: DatagramTemplate = { ...template, bytes: Buffer.from(template.bytes) };
  const stamps = new TimestampStamps(offsetMinutes);
  stamps.update(epochMs);
  patchTemplate(copy, seq, stamps);
  return copy.bytes.toString('utf8');
}

// Slot widths, exported for tests that check the slots line up with field boundaries.
export const SLOT_WIDTH = {
  seq: SEQ_DIGITS,
  compactTs: COMPACT_TS_LENGTH,
  localTs: LOCAL_TS_LENGTH,
  engineTs: ENGINE_TS_LENGTH,
} as const;
