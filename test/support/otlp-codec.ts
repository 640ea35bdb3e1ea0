// Decoding and encoding of OTLP/HTTP messages for the test endpoint, with the protobufjs codecs that
// @opentelemetry/otlp-transformer 0.210 generated from the official opentelemetry-proto files (installed as
// the dev dependency alias `otlp-transformer-protobufjs`). The collector serialises with the transformer's
// newer hand-written writer, so every request is checked by an independent official implementation.
import { createRequire } from 'node:module';

export interface Codec {
  decode(bytes: Uint8Array): object;
  verify(message: object): string | null;
  fromObject(object: object): object;
  toObject(message: object, options: object): Record<string, unknown>;
  encode(message: object): { finish(): Uint8Array };
}

interface ProtoRoot {
  opentelemetry: {
    proto: {
      collector: {
        logs: { v1: { ExportLogsServiceRequest: Codec; ExportLogsServiceResponse: Codec } };
        metrics: { v1: { ExportMetricsServiceRequest: Codec; ExportMetricsServiceResponse: Codec } };
      };
    };
  };
}

const require = createRequire(import.meta.url);
const root = require('otlp-transformer-protobufjs/build/src/generated/root.js') as ProtoRoot;
const collector = root.opentelemetry.proto.collector;

export type Signal = 'logs' | 'metrics';

export const CODECS: Record<Signal, { request: Codec; response: Codec }> = {
  logs: { request: collector.logs.v1.ExportLogsServiceRequest, response: collector.logs.v1.ExportLogsServiceResponse },
  metrics: { request: collector.metrics.v1.ExportMetricsServiceRequest, response: collector.metrics.v1.ExportMetricsServiceResponse },
};

/** Plain-object view: int64 as decimal strings, enums as numbers, bytes as hex (the OTLP/JSON conventions). */
export const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true };

/** Fields whose JSON value must be an integer (OTLP/JSON: "enum values MUST be encoded as integers"). */
const ENUM_FIELDS = new Set(['severityNumber', 'aggregationTemporality', 'kind']);

/**
 * OTLP/JSON rules protobufjs' fromObject would let pass: keys are lowerCamelCase field names (the
 * original snake_case names are not valid), enums are integers. Returns the first violation.
 */
export function jsonViolation(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = jsonViolation(value[i], `${path}[${i}]`);
      if (v) return v;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('_')) return `${path}.${key}: OTLP/JSON keys are lowerCamelCase field names`;
    if (ENUM_FIELDS.has(key) && typeof v !== 'number') return `${path}.${key}: enum values must be integers`;
    const inner = jsonViolation(v, `${path}.${key}`);
    if (inner) return inner;
  }
  return undefined;
}

/** A google.rpc.Status (code = 1, message = 2) in protobuf, the body of an OTLP/HTTP failure. */
export function statusProtobuf(code: number, message: string): Uint8Array {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(text.length), text]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
