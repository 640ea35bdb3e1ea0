// Keys this edition accepts (so Butler SOS v15 files load) but cannot apply, each with the reason. Every line
// names its key; they are printed at start and by --check-config, also with --skip-config-verification, so no
// setting is silently ignored. docs/compatibility.md lists the same keys.

import { ROOT_KEY, type Config } from './schema/index.js';

interface NotApplied {
  key: string;
  /** Whether the line applies to this configuration (e.g. only while the section is in use). */
  when: (config: Config) => boolean;
  why: string;
}

const influxV3 = (config: Config): boolean => config.influxdbConfig.enable && config.influxdbConfig.version === 3;

export const NOT_APPLIED: readonly NotApplied[] = [
  {
    key: 'influxdbConfig.v3Config.description',
    when: (config) => influxV3(config) && config.influxdbConfig.v3Config.description !== undefined,
    why: 'not applied: InfluxDB 3 databases have no description (POST /api/v3/configure/database takes only db and retention_period)',
  },
];

export function notAppliedWarnings(config: Config): string[] {
  return NOT_APPLIED.filter((n) => n.when(config)).map((n) => `${ROOT_KEY}.${n.key}: ${n.why}`);
}
