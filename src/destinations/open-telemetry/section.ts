import Type, { type Static } from 'typebox';
import { Flag, Int, NameValueList } from '../../config/schema/common.js';
import { enabledBy } from '../../config/schema/keywords.js';
import { DATA_KINDS } from '../../publish/published-data.js';

// `openTelemetry`: the OTLP/HTTP destination (docs/open-telemetry.md). Defaults follow the OTLP exporter
// specification (endpoint http://localhost:4318, 10 s timeout) except compression: gzip, since the backends
// this is meant for are remote and log events compress well.
export const OpenTelemetrySection = Type.Object(
  {
    enable: Flag(false),
    /** Base URL; `/v1/logs` and `/v1/metrics` are appended (OTEL_EXPORTER_OTLP_ENDPOINT semantics). */
    endpoint: Type.String({ default: 'http://localhost:4318', format: 'uri' }),
    protocol: Type.Enum(['http/protobuf', 'http/json'], { default: 'http/protobuf' }),
    compression: Type.Enum(['gzip', 'none'], { default: 'gzip' }),
    /** Sent with every request, e.g. an API key; masked on the config page, never logged. */
    headers: NameValueList(),
    timeoutMs: Int(10_000, { minimum: 100 }),
    /** Added to the resource of every log record and metric, e.g. deployment.environment.name. */
    resourceAttributes: NameValueList(),
    /** Empty: every kind of data. Otherwise only the kinds listed (docs/open-telemetry.md#what-is-sent). */
    dataKinds: Type.Array(Type.Enum([...DATA_KINDS]), { default: [] }),
  },
  enabledBy('enable'),
);

export type OpenTelemetryConfig = Static<typeof OpenTelemetrySection>;
