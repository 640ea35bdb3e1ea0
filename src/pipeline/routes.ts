// Where encoded data goes. Every line-protocol destination gets the data Butler SOS would send to InfluxDB,
// gated the same way (`logEvents.sendToInfluxdb.enable`, `queueMetrics.influxdb.enable`, ...): the file
// destination is a stand-in for a database, so it receives exactly what the database would.
import type { Config } from '../config/schema/index.js';
import { resolveFileInfluxVersion } from '../config/resolve.js';
import type { DataModule } from '../threads/messages.js';
import type { InfluxVersion } from '../points/point.js';

/** One enabled line-protocol destination, the dialect its producers encode, and the writer that owns it. */
export interface LineRoute {
  dest: string;
  version: InfluxVersion;
  writer: number;
}

function asVersion(value: unknown, fallback: InfluxVersion): InfluxVersion {
  return value === 1 || value === 2 || value === 3 ? value : fallback;
}


/**
 * Enabled line-protocol destinations, each pinned to one writer (round-robin) so the order of its data is
 * the order its writer received it.
 */
export function lineRoutes(config: Config, writerCount: number): LineRoute[] {
  const routes: Array<Omit<LineRoute, 'writer'>> = [];
  if (config.influxdbConfig.enable) routes.push({ dest: 'influxdb', version: asVersion(config.influxdbConfig.version, 1) });
  if (config.fileDestination.enable) routes.push({ dest: 'file', version: asVersion(resolveFileInfluxVersion(config), 1) });
  const writers = Math.max(1, writerCount);
  return routes.map((r, i) => ({ ...r, writer: i % writers }));
}

/**
 * Which kinds of data Butler SOS would write to InfluxDB with this config
 * (docs/configuration.md#which-switches-send-what).
 */
export function moduleEnabled(config: Config, module: DataModule): boolean {
  switch (module) {
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
        config.userEvents.udpServerConfig.queueMetrics.influxdb.enable === true
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

/** A destination that receives records (NDJSON, src/messages/record-lines.ts) rather than line protocol. */
export type RecordDest = 'mqtt' | 'new-relic';

/** One enabled record destination and the writer that owns it. */
export interface RecordRoute {
  dest: RecordDest;
  writer: number;
}

/**
 * Whether Butler SOS would send this kind of data to MQTT / New Relic with this config
 * (docs/configuration.md#which-switches-send-what). Health and session data are gated here too, for the poller side.
 */
export function recordModuleEnabled(config: Config, dest: RecordDest, module: DataModule): boolean {
  if (dest === 'mqtt') {
    if (!config.mqttConfig.enable) return false;
    switch (module) {
      case 'LOG_EVENTS':
        return config.logEvents.sendToMQTT.enable === true;
      case 'USER_EVENTS':
        return config.userEvents.enable === true && config.userEvents.sendToMQTT.enable === true;
      case 'HEALTH_METRICS':
      case 'PROXY_SESSIONS':
        return true;
      default:
        return false;
    }
  }
  const nr = config.newRelic.enable === true;
  switch (module) {
    case 'LOG_EVENTS':
      return nr && config.logEvents.sendToNewRelic.enable === true;
    case 'USER_EVENTS':
      return nr && config.userEvents.enable === true && config.userEvents.sendToNewRelic.enable === true;
    case 'HEALTH_METRICS':
      return nr;
    case 'PROXY_SESSIONS':
      return nr && config.newRelic.metric.dynamic.proxy.sessions.enable === true;
    case 'BUTLER_MEMORY':
      // Butler's uptime post ignores newRelic.enable (docs/configuration.md#which-switches-send-what); kept.
      return config.uptimeMonitor.enable === true && config.uptimeMonitor.storeNewRelic.enable === true;
    default:
      return false;
  }
}

/**
 * Enabled record destinations, pinned to writers round-robin after the line-protocol destinations, so a
 * collector with two writers puts InfluxDB and MQTT on different threads.
 */
export function recordRoutes(config: Config, writerCount: number): RecordRoute[] {
  const dests: RecordDest[] = [];
  if (config.mqttConfig.enable) dests.push('mqtt');
  const anyNr = (['LOG_EVENTS', 'USER_EVENTS', 'HEALTH_METRICS', 'BUTLER_MEMORY'] as const).some((m) => recordModuleEnabled(config, 'new-relic', m));
  if (anyNr) dests.push('new-relic');
  const writers = Math.max(1, writerCount);
  const offset = lineRoutes(config, writerCount).length;
  return dests.map((dest, i) => ({ dest, writer: (offset + i) % writers }));
}
