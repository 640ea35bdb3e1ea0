// The config sections of destinations that are new in this edition, one line each; the config schema
// (src/config/schema/index.ts) takes them in under `Butler-SOS`. Sections that Butler SOS v15 already had
// (influxdbConfig, mqttConfig, newRelic) stay where the v15 layout puts them.
import { OpenTelemetrySection } from './open-telemetry/section.js';
import { PostgresqlSection } from './postgresql/section.js';

export const DESTINATION_SECTIONS = {
  openTelemetry: OpenTelemetrySection,
  postgresql: PostgresqlSection,
} as const;
