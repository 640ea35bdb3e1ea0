import Type from 'typebox';
import { Flag, NameValueList, StringList, Switch } from './common.js';
import { enabledBy } from './keywords.js';

// `newRelic` (docs/new-relic.md, docs/configuration.md#key-reference).

const STATIC_ATTRIBUTES = [
  { name: 'qs_env', value: 'dev' },
  { name: 'service', value: 'butler-sos' },
];

const Attributes = () =>
  Type.Object({
    static: NameValueList(STATIC_ATTRIBUTES),
    dynamic: Type.Object({ butlerSosVersion: Switch(true) }),
  });

export const NewRelicSection = Type.Object(
  {
    enable: Flag(false),
    event: Type.Object({
      url: Type.String({ default: 'https://insights-collector.eu01.nr-data.net', format: 'uri' }),
      header: NameValueList(),
      attribute: Attributes(),
    }),
    metric: Type.Object({
      destinationAccount: StringList(),
      url: Type.String({ default: 'https://insights-collector.eu01.nr-data.net/metric/v1', format: 'uri' }),
      header: NameValueList(),
      dynamic: Type.Object({
        engine: Type.Object({
          memory: Switch(true),
          cpu: Switch(true),
          calls: Switch(true),
          selections: Switch(true),
          sessions: Switch(true),
          users: Switch(true),
          saturated: Switch(true),
        }),
        apps: Type.Object({
          docCount: Switch(true),
          activeDocs: Switch(true),
          loadedDocs: Switch(true),
          inMemoryDocs: Switch(true),
        }),
        cache: Type.Object({ cache: Switch(true) }),
        proxy: Type.Object({ sessions: Switch(true) }),
      }),
      attribute: Attributes(),
    }),
  },
  enabledBy('enable'),
);
