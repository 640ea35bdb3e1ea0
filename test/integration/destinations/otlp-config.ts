// An `openTelemetry` section pointing at the loopback OTLP contract endpoint, and the compliance-line codec
// of the OpenTelemetry compliance runs.
import type { OpenTelemetryConfig } from '../../../src/destinations/open-telemetry/section.js';
import { OpenTelemetrySink } from '../../../src/destinations/open-telemetry/sink.js';
import { silentLogger } from '../../../src/log/logger.js';
import { parseRec } from '../../support/destination-compliance.js';
import type { OtlpEndpoint, StoredLog, StoredPoint } from '../../support/otlp-endpoint.js';

export const API_KEY = { name: 'X-Api-Key', value: 'otlp-key-0123456789' };

export function otlpConfig(ep: OtlpEndpoint, over: Partial<OpenTelemetryConfig> = {}): OpenTelemetryConfig {
  return {
    enable: true,
    endpoint: ep.url,
    protocol: 'http/protobuf',
    compression: 'gzip',
    headers: [API_KEY],
    timeoutMs: 300,
    resourceAttributes: [{ name: 'deployment.environment.name', value: 'test' }],
    dataKinds: [],
    ...over,
  };
}

export function otlpSink(config: OpenTelemetryConfig): OpenTelemetrySink {
  return new OpenTelemetrySink(config, { logger: silentLogger(), scope: { name: 'butler-sos', version: '9.9.9-test' } });
}

const T0_US = Date.now() * 1000 - 60_000_000;

/**
 * Compliance lines as records: lines keyed HEALTH_METRICS or QUEUE_METRICS become metric points (attributes
 * k and s, value v), every other compliance line a log record whose body is the line. A line that is not a
 * compliance line passes as it is (the sink refuses it).
 */
export function encodeComplianceBody(lines: string[]): Uint8Array {
  const out = lines.map((l) => {
    if (!l.startsWith('compliance,')) return l;
    const r = parseRec(l);
    const res = { 'service.name': 'compliance', 'host.name': 'node1' };
    if (r.k === 'HEALTH_METRICS' || r.k === 'QUEUE_METRICS') {
      return JSON.stringify({ k: 'point', r: res, n: 'compliance.value', u: '1', m: 'gauge', vt: 'int', v: r.v, t: T0_US + r.s, a: { k: r.k, s: r.s } });
    }
    return JSON.stringify({ k: 'log', r: res, t: T0_US + r.s, o: T0_US + r.s, sn: 9, st: 'INFO', b: l, a: {} });
  });
  return Buffer.from(out.join('\n') + '\n');
}

/** What the endpoint holds, as compliance lines, in arrival order. */
export function storedComplianceLines(ep: OtlpEndpoint): string[] {
  return ep.stored().map((r) => {
    if ('observedTimeUnixNano' in r) return String((r as StoredLog).body);
    const p = r as StoredPoint;
    return `compliance,k=${String(p.attributes.k)} s=${Number(p.attributes.s)}i,v=${p.value}i`;
  });
}
