// The config sections of destinations that are new in this edition, one line each; the config schema
// (src/config/schema/index.ts) takes them in under `Butler-SOS`. Sections that Butler SOS v15 already had
// (influxdbConfig, mqttConfig, newRelic) stay where the v15 layout puts them.
import { PostgresqlSection } from './postgresql/section.js';

export const DESTINATION_SECTIONS = { postgresql: PostgresqlSection } as const;
