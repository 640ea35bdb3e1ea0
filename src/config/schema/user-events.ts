import Type from 'typebox';
import { Flag, NameValueList, StringList, Switch, UserRefList } from './common.js';
import { enabledBy } from './keywords.js';
import { UserEventsUdpServer } from './udp-server.js';

// `userEvents` (docs/inputs.md#user-events-port-9997, docs/configuration.md#key-reference, docs/mqtt.md).

const Topic = (topic: string) => Type.Object({ enable: Flag(true), topic: Type.String({ default: topic, minLength: 1 }) });

export const UserEventsSection = Type.Object(
  {
    enable: Flag(false),
    excludeUser: UserRefList(),
    udpServerConfig: UserEventsUdpServer,
    tags: NameValueList([{ name: 'qs_env', value: 'dev' }]),
    sendToMQTT: Type.Object({
      enable: Flag(false),
      postTo: Type.Object({
        everythingTopic: Topic('qliksense/userevent'),
        sessionStartTopic: Topic('qliksense/userevent/session/start'),
        sessionStopTopic: Topic('qliksense/userevent/session/stop'),
        connectionOpenTopic: Topic('qliksense/userevent/connection/open'),
        connectionCloseTopic: Topic('qliksense/userevent/connection/close'),
      }),
    }),
    sendToInfluxdb: Switch(true),
    sendToNewRelic: Type.Object({ enable: Flag(false), destinationAccount: StringList(), scramble: Flag(true) }),
  },
  enabledBy('enable'),
);
