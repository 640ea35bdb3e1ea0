import Type from 'typebox';
import { Flag, NameValueList, StringList, Switch } from './common.js';
import { CategoriseSection } from './categorise.js';
import { enabledBy } from './keywords.js';
import { EnginePerformanceMonitorSection } from './perf-monitor.js';
import { LogEventsUdpServer } from './udp-server.js';

// `logEvents` (docs/inputs.md, docs/configuration.md#key-reference, docs/mqtt.md, docs/new-relic.md). It has no
// `enable` key: the log socket is bound when any source is on, so that is what switches the section's required values
// on.

const NewRelicSource = Type.Object({
  enable: Flag(true),
  logLevel: Type.Object({ error: Flag(true), warn: Flag(true) }),
});

export const LogEventsSection = Type.Object(
  {
    udpServerConfig: LogEventsUdpServer,
    tags: NameValueList([{ name: 'qs_env', value: 'dev' }]),
    source: Type.Object({
      engine: Switch(false),
      proxy: Switch(false),
      repository: Switch(false),
      scheduler: Switch(false),
      qixPerf: Switch(true),
    }),
    categorise: CategoriseSection,
    enginePerformanceMonitor: EnginePerformanceMonitorSection,
    sendToMQTT: Type.Object({
      enable: Flag(false),
      baseTopic: Type.String({ default: 'qliksense/logevent', minLength: 1 }),
      postTo: Type.Object({ baseTopic: Flag(true), subsystemTopics: Flag(true) }),
    }),
    sendToInfluxdb: Switch(false),
    sendToNewRelic: Type.Object({
      enable: Flag(false),
      destinationAccount: StringList(),
      source: Type.Object({
        engine: NewRelicSource,
        proxy: NewRelicSource,
        repository: NewRelicSource,
        scheduler: NewRelicSource,
      }),
    }),
  },
  enabledBy('source.engine.enable', 'source.proxy.enable', 'source.repository.enable', 'source.scheduler.enable', 'source.qixPerf.enable'),
);
