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

// Butler SOS's p-queue between socket and handlers; the ring (ingest.*) replaced it. Butler's defaults describe
// what the ring does better (no drops at 200 queued messages), so only a value changed from them is named.
const MESSAGE_QUEUE_DEFAULTS = { maxConcurrent: 10, maxSize: 200 } as const;

function messageQueue(section: 'logEvents' | 'userEvents', key: keyof typeof MESSAGE_QUEUE_DEFAULTS): NotApplied {
  const listens = (config: Config): boolean =>
    section === 'userEvents' ? config.userEvents.enable : Object.values(config.logEvents.source).some((s) => s.enable);
  return {
    key: `${section}.udpServerConfig.messageQueue.${key}`,
    when: (config) => listens(config) && config[section].udpServerConfig.messageQueue[key] !== MESSAGE_QUEUE_DEFAULTS[key],
    why: `not applied: the shared-memory ring replaced Butler SOS's message queue; size it with ingest.${section}.ringBytes and threads.parseWorkers`,
  };
}

export const NOT_APPLIED: readonly NotApplied[] = [
  messageQueue('logEvents', 'maxConcurrent'),
  messageQueue('logEvents', 'maxSize'),
  messageQueue('userEvents', 'maxConcurrent'),
  messageQueue('userEvents', 'maxSize'),
  {
    key: 'auditEvents.destination.json.objectdata.staticTags',
    when: (config) => config.auditEvents.enable && (config.auditEvents.destination.json?.objectdata?.staticTags?.length ?? 0) > 0,
    why: 'not applied: the JSON files hold the objectData exactly as Audit.qs sent it (docs/audit-events.md)',
  },
  {
    key: 'delivery.maxWritesInFlight',
    when: (config) => config.delivery.maxWritesInFlight !== undefined && !config.influxdbConfig.enable,
    why: 'not applied: only the InfluxDB destination (influxdbConfig.enable is false) has several writes on the wire; every other destination writes one batch at a time, in order (docs/delivery.md)',
  },
  {
    key: 'influxdbConfig.v3Config.description',
    when: (config) => influxV3(config) && config.influxdbConfig.v3Config.description !== undefined,
    why: 'not applied: InfluxDB 3 databases have no description (POST /api/v3/configure/database takes only db and retention_period)',
  },
];

export function notAppliedWarnings(config: Config): string[] {
  return NOT_APPLIED.filter((n) => n.when(config)).map((n) => `${ROOT_KEY}.${n.key}: ${n.why}`);
}
