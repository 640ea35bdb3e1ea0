// Qlik's timestamp renderings (docs/inputs.md#parsing-rules-worth-knowing, test/fixtures/spec/udp-samples.txt):
//   %longIso8601date  20240515T141503.512+0200       (24 chars)
//   %date             2024-05-15 14:15:03,512        (23 chars, local time, no offset)
//   EngineTimestamp   2024-05-15T14:15:03.512+02:00  (29 chars)
// All three show the cluster's local time; the offset may be negative (servers west of UTC).

export const COMPACT_TS_LENGTH = 24;
export const LOCAL_TS_LENGTH = 23;
export const ENGINE_TS_LENGTH = 29;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

interface LocalParts {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
  ms: string;
  sign: string;
  oh: string;
  om: string;
}

function localParts(epochMs: number, offsetMinutes: number): LocalParts {
  const t = new Date(epochMs + offsetMinutes * 60_000);
  const abs = Math.abs(offsetMinutes);
  return {
    y: String(t.getUTCFullYear()),
    mo: pad2(t.getUTCMonth() + 1),
    d: pad2(t.getUTCDate()),
    h: pad2(t.getUTCHours()),
    mi: pad2(t.getUTCMinutes()),
    s: pad2(t.getUTCSeconds()),
    ms: pad3(t.getUTCMilliseconds()),
    sign: offsetMinutes < 0 ? '-' : '+',
    oh: pad2(Math.floor(abs / 60)),
    om: pad2(abs % 60),
  };
}

export function formatCompactTs(epochMs: number, offsetMinutes: number): string {
  const p = localParts(epochMs, offsetMinutes);
  return `${p.y}${p.mo}${p.d}T${p.h}${p.mi}${p.s}.${p.ms}${p.sign}${p.oh}${p.om}`;
}

export function formatLocalTs(epochMs: number, offsetMinutes: number): string {
  const p = localParts(epochMs, offsetMinutes);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s},${p.ms}`;
}

export function formatEngineTs(epochMs: number, offsetMinutes: number): string {
  const p = localParts(epochMs, offsetMinutes);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}.${p.ms}${p.sign}${p.oh}:${p.om}`;
}

/**
 * The three renderings of one millisecond as ASCII bytes, refreshed at most once per millisecond, so the
 * sender can stamp every datagram with the current time by copying bytes instead of formatting strings.
 */
export class TimestampStamps {
  readonly compact = new Uint8Array(COMPACT_TS_LENGTH);
  readonly local = new Uint8Array(LOCAL_TS_LENGTH);
  readonly engine = new Uint8Array(ENGINE_TS_LENGTH);
  private currentMs = Number.NaN;

  constructor(private readonly offsetMinutes: number) {}

  update(epochMs: number): void {
    if (epochMs === this.currentMs) return;
    this.currentMs = epochMs;
    writeAscii(this.compact, formatCompactTs(epochMs, this.offsetMinutes));
    writeAscii(this.local, formatLocalTs(epochMs, this.offsetMinutes));
    writeAscii(this.engine, formatEngineTs(epochMs, this.offsetMinutes));
  }
}

function writeAscii(target: Uint8Array, text: string): void {
  for (let i = 0; i < target.length; i++) target[i] = text.charCodeAt(i);
}
