// Public surface of the metrics model: message types, the builders other threads call, the registry.
export type * from './messages.js';
export { HEALTH_GAUGES, healthPollMessage, sessionPollMessage, serverLabelNames, serverLabels } from './health-gauges.js';
export { publishCollectorMetrics, parseSnapshotFrom, errorsSnapshotFrom, ringSnapshotFrom, type MetricsPoster } from './publish.js';
export { MetricsRegistry, type MetricsRegistryOptions, type ApplyResult } from './metrics-registry.js';
