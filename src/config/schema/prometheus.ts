import Type from 'typebox';
import { Flag, Port } from './common.js';
import { enabledBy } from './keywords.js';

// `prometheus` (docs/prometheus.md, docs/configuration.md#key-reference). The template documents 0.0.0.0 as the default
// bind address.
export const PrometheusSection = Type.Object(
  {
    enable: Flag(false),
    host: Type.String({ default: '0.0.0.0', format: 'host' }),
    port: Port(9842),
    nodeMetricsHost: Type.String({ default: '0.0.0.0', format: 'host' }),
    nodeMetricsPort: Port(9001),
  },
  enabledBy('enable'),
);
