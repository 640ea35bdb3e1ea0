import Type from 'typebox';
import { Flag, Int, Port, RequiredText, Text } from './common.js';
import { enabledBy, enabledWhenParent } from './keywords.js';

// `influxdbConfig` (docs/destinations.md, docs/configuration.md#key-reference). Only the sub-section of the configured
// version needs its connection values.

const V3Config = Type.Object(
  {
    database: RequiredText(),
    // No default: InfluxDB 3 has nowhere to put it, so a file that sets it gets a warning (config/not-applied.ts)
    // and one that leaves it out gets none.
    description: Type.Optional(Type.String()),
    token: RequiredText(),
    retentionDuration: Text('10d'),
    writeTimeout: Int(10000, { minimum: 1000 }),
    queryTimeout: Int(60000, { minimum: 1 }),
  },
  enabledWhenParent('version', 3),
);

const V2Config = Type.Object(
  {
    org: RequiredText(),
    bucket: RequiredText(),
    description: Text('Butler SOS metrics'),
    token: RequiredText(),
    retentionDuration: Text('10d'),
  },
  enabledWhenParent('version', 2),
);

const V1Config = Type.Object(
  {
    auth: Type.Object(
      { enable: Flag(false), username: RequiredText(), password: RequiredText() },
      enabledBy('enable'),
    ),
    dbName: Type.String({ default: 'senseops', minLength: 1 }),
    retentionPolicy: Type.Object({ name: Text('10d'), duration: Text('10d') }),
  },
  enabledWhenParent('version', 1),
);

export const INFLUXDB_VERSIONS = [1, 2, 3] as const;
export type InfluxdbVersion = (typeof INFLUXDB_VERSIONS)[number];

export const InfluxdbConfigSection = Type.Object(
  {
    // Off when missing: the section cannot work without a real host (the template ships `true`).
    enable: Flag(false),
    host: RequiredText('host'),
    port: Port(8086),
    version: Type.Enum(INFLUXDB_VERSIONS, { default: 3 }),
    maxBatchSize: Int(1000, { minimum: 1, maximum: 10000 }),
    // New, optional (absent = the sinks' defaults): gzip bodies (on unless the server is on this machine, see
    // src/destinations/influxdb/gzip-default.ts), per-request timeout in ms (10000; v3's own v3Config.writeTimeout
    // wins), and HTTPS with an optional private CA (Butler SOS spoke plain HTTP only).
    gzip: Type.Optional(Type.Boolean()),
    writeTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
    tls: Type.Optional(
      Type.Object({
        enable: Flag(false),
        caFile: Type.Optional(Type.String({ minLength: 1 })),
        rejectUnauthorized: Type.Optional(Type.Boolean()),
      }),
    ),
    v3Config: V3Config,
    v2Config: V2Config,
    v1Config: V1Config,
    includeFields: Type.Object({ activeDocs: Flag(false), loadedDocs: Flag(false), inMemoryDocs: Flag(false) }),
  },
  enabledBy('enable'),
);
