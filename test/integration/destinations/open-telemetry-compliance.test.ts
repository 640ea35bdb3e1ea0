import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startOtlpEndpoint } from '../../support/otlp-endpoint.js';
import { API_KEY, encodeComplianceBody, otlpConfig, otlpSink, storedComplianceLines } from './otlp-config.js';

// The shared compliance suite against the loopback OTLP/HTTP contract endpoint (not a real collector), which
// decodes every request with the official OpenTelemetry generated codecs. Twice: protobuf + gzip with an
// API-key header the endpoint requires, and JSON uncompressed. Outage = every export answers 503.
for (const variant of [
  { name: 'http/protobuf, gzip', over: {} },
  { name: 'http/json, uncompressed', over: { protocol: 'http/json', compression: 'none' } },
] as const) {
  runDestinationCompliance({
    name: `OpenTelemetry sink (${variant.name}) against the loopback OTLP/HTTP contract endpoint`,
    async setup() {
      const ep = await startOtlpEndpoint({ requiredHeader: API_KEY });
      const config = otlpConfig(ep, variant.over);
      return {
        sink: otlpSink(config),
        reopen: () => otlpSink(config),
        arrivalOrder: true,
        rejectsBadLines: true,
        encodeBody: encodeComplianceBody,
        stored: async () => storedComplianceLines(ep),
        injectTransient(kind) {
          if (kind === '5xx') ep.failNext(503);
          else ep.hangNext(1000);
        },
        outage: { begin: async () => ep.setDown(true), end: async () => ep.setDown(false) },
        teardown: () => ep.close(),
      };
    },
  });
}
