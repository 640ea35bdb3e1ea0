// The OpenTelemetry (OTLP/HTTP) destination: log and user events as OTel log records, everything else as OTel
// metrics, to any OTLP receiver (docs/open-telemetry.md). Registered with one line in ../registry.ts.
import { packageVersion } from '../../cli/args.js';
import { sanitizeRequestUrl } from '../../errors/sanitize-url.js';
import type { DestinationPlugin } from '../plugin.js';
import { DATA_KINDS } from '../../publish/published-data.js';
import type { Encoders } from '../../publish/encoding.js';
import { openTelemetryEncoding } from './encoding.js';
import { checkOpenTelemetry, takesKind } from './options.js';

export const openTelemetryDestination: DestinationPlugin = {
  id: 'open-telemetry',
  name: 'OpenTelemetry (OTLP/HTTP)',
  sections: ['openTelemetry'],
  errorTypes: ['OTLP_EXPORT'],
  secretPaths: ['openTelemetry.headers[].value'],
  enabled: (config) => config.openTelemetry.enable,
  takes: (config, kind) => takesKind(config.openTelemetry, kind),
  encoding(config, ctx) {
    const all = openTelemetryEncoding(config, ctx);
    const encoders: Record<string, unknown> = {};
    for (const kind of DATA_KINDS) if (takesKind(config.openTelemetry, kind)) encoders[kind] = all.encoders[kind];
    return { key: all.key, encoders: encoders as Encoders };
  },
  async create(config, deps) {
    const { OpenTelemetrySink } = await import('./sink.js');
    return { sink: new OpenTelemetrySink(config.openTelemetry, { logger: deps.logger, scope: { name: 'butler-sos', version: packageVersion() } }) };
  },
  check: checkOpenTelemetry,
  describe(config) {
    const c = config.openTelemetry;
    const kinds = c.dataKinds.length === 0 ? 'all data' : c.dataKinds.join(', ');
    return `OpenTelemetry: ${kinds} to ${sanitizeRequestUrl(c.endpoint)} (${c.protocol}, ${c.compression === 'gzip' ? 'gzip' : 'uncompressed'}${c.headers.length ? `, ${c.headers.length} header(s)` : ''})`;
  },
};
