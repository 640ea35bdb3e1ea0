import Type from 'typebox';
import { Flag, Int, IntervalMs, LOG_LEVEL_NAMES, NameValueList, Port, RequiredText, StringList, Switch, Text, Words } from './common.js';
import { enabledBy } from './keywords.js';

// Operational settings of Butler SOS itself (docs/configuration.md#key-reference).

export const LogLevelSetting = Words(LOG_LEVEL_NAMES, 'info');

export const CrashFileSection = Type.Object(
  {
    enable: Flag(true),
    crashFileDirectory: Text('./crash_dumps'),
    crashFileCreateJson: Flag(true),
    crashFileCreateText: Flag(true),
  },
  enabledBy('enable'),
);

export const SystemInfoSection = Switch(true);

export const ConfigVisualisationSection = Type.Object(
  {
    enable: Flag(false),
    host: Type.String({ default: 'localhost', format: 'host' }),
    port: Port(3100),
    obfuscate: Flag(true),
    // New keys (docs/web-console.md): the live console on the same server, and an optional access token.
    accessToken: Text(''),
    liveConsole: Type.Object({
      enable: Flag(true),
      maxEventsPerSecond: Int(50, { minimum: 1, maximum: 10_000 }),
    }),
  },
  enabledBy('enable'),
);

export const HeartbeatSection = Type.Object(
  {
    enable: Flag(false),
    remoteURL: RequiredText('uri'),
    frequency: Text('every 1 hour'),
  },
  enabledBy('enable'),
);

export const DockerHealthCheckSection = Type.Object({ enable: Flag(false), port: Port(12398) }, enabledBy('enable'));

const UptimeNewRelic = Type.Object(
  {
    enable: Flag(false),
    destinationAccount: StringList(),
    metric: Type.Object({
      dynamic: Type.Object({ butlerMemoryUsage: Switch(true), butlerUptime: Switch(true) }),
    }),
    attribute: Type.Object({
      static: NameValueList([
        { name: 'metricType', value: 'butler-sos-uptime' },
        { name: 'qs_service', value: 'butler-sos' },
        { name: 'qs_env', value: 'dev' },
      ]),
      dynamic: Type.Object({ butlerVersion: Switch(true) }),
    }),
  },
  enabledBy('enable'),
);

export const UptimeMonitorSection = Type.Object(
  {
    enable: Flag(true),
    frequency: Text('every 15 minutes'),
    logLevel: Words(LOG_LEVEL_NAMES, 'verbose'),
    storeInInfluxdb: Type.Object({ butlerSOSMemoryUsage: Flag(true), instanceTag: Text('DEV') }),
    storeNewRelic: UptimeNewRelic,
  },
  enabledBy('enable'),
);

export const ErrorTrackingSection = Type.Object(
  {
    enable: Flag(true),
    logSummary: Switch(true),
    influxdb: Type.Object({ enable: Flag(true), measurementName: Type.String({ default: 'butler_sos_errors', minLength: 1 }) }),
  },
  enabledBy('enable'),
);

const NewRelicCredential = Type.Object({
  accountName: Type.String({ minLength: 1 }),
  insertApiKey: Type.String({ minLength: 1 }),
  // New Relic account ids are numbers; YAML reads them as such, consumers want text.
  accountId: Type.Unsafe<string>(Type.Union([Type.String({ minLength: 1 }), Type.Integer()], { 'x-normalise': 'toString' })),
});

export const ThirdPartyToolsCredentialsSection = Type.Object({
  newRelic: Type.Array(NewRelicCredential, { default: [] }),
});
