import Type, { type Static } from 'typebox';
import { AuditEventsSection } from './audit-events.js';
import { DeliverySection } from './delivery.js';
import { CertSection, AppNamesSection, ServersToMonitorSection, UserSessionsSection } from './qlik-polling.js';
import { FileDestinationSection } from './file-destination.js';
import { InfluxdbConfigSection } from './influxdb.js';
import { LogEventsSection } from './log-events.js';
import { MqttConfigSection } from './mqtt.js';
import { NewRelicSection } from './new-relic.js';
import {
  ConfigVisualisationSection,
  CrashFileSection,
  DockerHealthCheckSection,
  ErrorTrackingSection,
  HeartbeatSection,
  LogLevelSetting,
  SystemInfoSection,
  ThirdPartyToolsCredentialsSection,
  UptimeMonitorSection,
} from './operations.js';
import { PrometheusSection } from './prometheus.js';
import { QlikSenseEventsSection } from './qlik-sense-events.js';
import { ActivitySummarySection, IngestSection, ThreadsSection } from './runtime.js';
import { UserEventsSection } from './user-events.js';
import { Flag, Text } from './common.js';
import { DESTINATION_SECTIONS } from '../../destinations/sections.js';

/** The key every Butler SOS config file starts with. */
export const ROOT_KEY = 'Butler-SOS';

/** Everything under `Butler-SOS`: the 23 sections of Butler SOS v15, optional `auditEvents`, and our new keys. */
export const ButlerSosSchema = Type.Object({
  logLevel: LogLevelSetting,
  fileLogging: Flag(true),
  logDirectory: Text('log'),
  anonTelemetry: Flag(true),
  crashFile: CrashFileSection,
  systemInfo: SystemInfoSection,
  configVisualisation: ConfigVisualisationSection,
  heartbeat: HeartbeatSection,
  dockerHealthCheck: DockerHealthCheckSection,
  uptimeMonitor: UptimeMonitorSection,
  errorTracking: ErrorTrackingSection,
  thirdPartyToolsCredentials: ThirdPartyToolsCredentialsSection,
  qlikSenseEvents: QlikSenseEventsSection,
  userEvents: UserEventsSection,
  logEvents: LogEventsSection,
  cert: CertSection,
  mqttConfig: MqttConfigSection,
  newRelic: NewRelicSection,
  prometheus: PrometheusSection,
  influxdbConfig: InfluxdbConfigSection,
  appNames: AppNamesSection,
  userSessions: UserSessionsSection,
  serversToMonitor: ServersToMonitorSection,
  auditEvents: AuditEventsSection,
  threads: ThreadsSection,
  ingest: IngestSection,
  fileDestination: FileDestinationSection,
  delivery: DeliverySection,
  activitySummary: ActivitySummarySection,
  ...DESTINATION_SECTIONS,
});

/**
 * The loaded `Butler-SOS` object, after defaults and normalisation. Every key is present except the values a
 * disabled section would need but has no default for (for example `mqttConfig.brokerHost` while
 * `mqttConfig.enable` is false): those are only guaranteed while their section is enabled.
 */
export type Config = Static<typeof ButlerSosSchema>;

export type ServerConfig = Config['serversToMonitor']['servers'][number];
export type CategoriseRuleConfig = Config['logEvents']['categorise']['rules'][number];
export type { AppObjectRef } from './perf-monitor.js';
export type { InfluxdbVersion } from './influxdb.js';
export { INFLUXDB_VERSIONS } from './influxdb.js';
export { RULE_LOG_LEVELS } from './categorise.js';
