// Which kinds of data Butler SOS v15 writes to InfluxDB with a given config (docs/compatibility.md). The file
// destination stands in for a database, so it takes exactly what the database would.
import type { Config } from '../../config/schema/index.js';
import type { DataKind } from '../../publish/published-data.js';
import { auditQueueMetricsOn } from '../../points/ingest-metrics.js';

export function influxTakes(config: Config, kind: DataKind): boolean {
  switch (kind) {
    case 'LOG_EVENTS':
      return config.logEvents.sendToInfluxdb.enable === true;
    case 'USER_EVENTS':
      return config.userEvents.enable === true && config.userEvents.sendToInfluxdb.enable === true;
    case 'EVENT_COUNTS':
      return config.qlikSenseEvents.influxdb.enable === true && config.qlikSenseEvents.eventCount.enable === true;
    case 'REJECTED_EVENT_COUNTS':
      return config.qlikSenseEvents.influxdb.enable === true && config.qlikSenseEvents.rejectedEventCount.enable === true;
    case 'QUEUE_METRICS':
      return (
        config.logEvents.udpServerConfig.queueMetrics.influxdb.enable === true ||
        config.userEvents.udpServerConfig.queueMetrics.influxdb.enable === true ||
        auditQueueMetricsOn(config)
      );
    case 'HEALTH_METRICS':
    case 'PROXY_SESSIONS':
      return true;
    case 'BUTLER_MEMORY':
      return config.uptimeMonitor.enable === true && config.uptimeMonitor.storeInInfluxdb.butlerSOSMemoryUsage === true;
    case 'ERROR_EVENTS':
      return config.errorTracking.enable === true && config.errorTracking.influxdb.enable === true;
  }
}
