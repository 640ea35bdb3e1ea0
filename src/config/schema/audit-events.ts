import Type, { type Static } from 'typebox';
import { Flag, Int, NameValueList, Port, RequiredText, StringList, Text } from './common.js';
import { enabledBy, enabledWhenParent } from './keywords.js';

// `auditEvents`: the Audit.qs ingest API and its outputs, key for key as Butler SOS v15 defines the section
// (absent from its template; docs/audit-events.md). Everything has a default except what only the admin can
// know (host, port, export directories, InfluxDB connection), required only while the section is on.
// Settings this edition cannot carry out (QVD, screenshots, objectdata sub-sections) are refused at start by
// src/audit/config-check.ts with one line each, never ignored.

const StaticTags = () => Type.Union([NameValueList(), Type.Null()], { default: null });

/** `objectdata` sub-section of each output (v15: optional dedicated storage for payload.event.objectData). */
const Objectdata = (buffering: boolean) =>
  Type.Optional(
    Type.Object({
      enable: Flag(false),
      exportDirectory: Type.Optional(Type.String()),
      ...(buffering ? { maxBatchSize: Int(1000, { minimum: 1, maximum: 10000 }), writeFrequency: Int(20000, { minimum: 0 }) } : {}),
      staticTags: StaticTags(),
    }),
  );

const V1Config = Type.Object(
  {
    auth: Type.Object({ enable: Flag(false), username: RequiredText(), password: RequiredText() }, enabledBy('enable')),
    dbName: RequiredText(),
    retentionPolicy: Type.Object({ name: RequiredText(), duration: RequiredText() }),
  },
  enabledWhenParent('version', 1),
);

const V2Config = Type.Object(
  { org: RequiredText(), bucket: RequiredText(), description: Text('Butler SOS audit events'), token: RequiredText(), retentionDuration: RequiredText() },
  enabledWhenParent('version', 2),
);

const V3Config = Type.Object(
  {
    database: RequiredText(),
    description: Type.Optional(Type.String()),
    token: RequiredText(),
    retentionDuration: RequiredText(),
    writeTimeout: Int(10000, { minimum: 1000 }),
  },
  enabledWhenParent('version', 3),
);

const InfluxMetadata = Type.Object({
  host: RequiredText('host'),
  port: Port(8086),
  version: Type.Enum([1, 2, 3] as const, { default: 1 }),
  maxBatchSize: Int(1000, { minimum: 1, maximum: 10000 }),
  writeFrequency: Int(20000, { minimum: 0 }),
  measurementName: Type.String({ default: 'audit_event', minLength: 1 }),
  auditEventSchemaVersion: Text('1'),
  staticTags: StaticTags(),
  v1Config: Type.Optional(V1Config),
  v2Config: Type.Optional(V2Config),
  v3Config: Type.Optional(V3Config),
});

const FileMetadata = Type.Object({
  exportDirectory: RequiredText(),
  maxBatchSize: Int(1000, { minimum: 1, maximum: 10000 }),
  writeFrequency: Int(20000, { minimum: 0 }),
  staticTags: StaticTags(),
});

const Screenshots = Type.Object({
  enable: Flag(false),
  downloadTimeoutMs: Int(15000, { minimum: 1 }),
  addInImageMetadata: Type.Optional(Type.Unknown()),
  auth: Type.Optional(Type.Unknown()),
  storageTargets: Type.Optional(Type.Unknown()),
  allowedImageDownloadHosts: Type.Optional(Type.Unknown()),
});

const Destination = Type.Object({
  enable: Flag(false),
  /** Comma list of influxdb, parquet, qvd, json. */
  type: Text('influxdb'),
  influxdb: Type.Optional(Type.Object({ metadata: InfluxMetadata, objectdata: Objectdata(true) })),
  parquet: Type.Optional(Type.Object({ metadata: FileMetadata, objectdata: Objectdata(true) })),
  qvd: Type.Optional(Type.Object({ metadata: Type.Optional(Type.Unknown()), objectdata: Type.Optional(Type.Unknown()) })),
  json: Type.Optional(Type.Object({ objectdata: Objectdata(false) })),
  screenshots: Type.Optional(Screenshots),
});

export const AuditEventsSection = Type.Object(
  {
    enable: Flag(false),
    host: RequiredText('host'),
    // No default in v15 either: the admin picks it (Audit.qs is configured with the same URL).
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    /** '' accepts requests without a token (v15 warns; so do we). */
    apiToken: Text(''),
    destination: Destination,
    tls: Type.Object({ enable: Flag(false), cert: Text(''), key: Text(''), ca: Text(''), passphrase: Text('') }),
    queue: Type.Object({
      messageQueue: Type.Object({
        maxConcurrent: Int(10, { minimum: 1 }),
        maxSize: Int(200, { minimum: 1 }),
        backpressureThreshold: Int(80, { minimum: 1, maximum: 100 }),
      }),
      rateLimit: Type.Object({ enable: Flag(false), maxMessagesPerMinute: Int(600, { minimum: 1 }) }),
      queueMetrics: Type.Object({
        influxdb: Type.Object({
          enable: Flag(false),
          writeFrequency: Int(20000, { minimum: 1000 }),
          measurementName: Type.String({ default: 'audit_events_queue', minLength: 1 }),
          tags: NameValueList(),
        }),
      }),
    }),
    cors: Type.Object({ allowedOrigins: StringList() }),
    rateLimit: Type.Object({ enable: Flag(true), maxPerMinute: Int(300, { minimum: 1 }) }),
    /** New: largest request body accepted (413 beyond it); v15's Fastify default was 1 MiB. */
    maxBodyBytes: Int(1024 * 1024, { minimum: 1024, maximum: 64 * 1024 * 1024 }),
  },
  enabledBy('enable'),
);

export type AuditEventsConfig = Static<typeof AuditEventsSection>;
