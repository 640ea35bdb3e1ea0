// Public surface of the metrics model for the threads that feed it: message types and the builders they call.
// The registry (prom-client) is not here: only the http thread serves /metrics, and it imports
// ./metrics-registry.js itself, so no other thread loads prom-client (docs/tuning.md "Memory").
export type * from './messages.js';
export { HEALTH_GAUGES, healthPollMessage, sessionPollMessage, serverLabelNames, serverLabels } from './health-gauges.js';
export { publishCollectorMetrics, parseSnapshotFrom, errorsSnapshotFrom, ringSnapshotFrom, type MetricsPoster } from './publish.js';
