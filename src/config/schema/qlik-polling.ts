import Type from 'typebox';
import { Port, Flag, IntervalMs, RequiredText, StringList, Text, UserRefList } from './common.js';
import { enabledBy, NORMALISE } from './keywords.js';

// Everything that talks to the Qlik Sense APIs: client certificate, app names (QRS), sessions (QPS) and the
// health-check server list (docs/pollers.md).

export const CertSection = Type.Object({
  // Empty means "not configured"; verify.ts requires them once something polls Qlik Sense. Butler SOS always
  // required them, which forced fake paths into configs that only receive UDP events.
  clientCert: Text(''),
  clientCertKey: Text(''),
  clientCertCA: Text(''),
  clientCertPassphrase: Type.Union([Type.String(), Type.Null()], { default: null }),
});

// A switch whose section needs values that have no default (a host to call) is off when missing, so a file that
// leaves the section out still loads (Butler SOS required the whole section; its template ships `true`).
export const AppNamesSection = Type.Object(
  {
    enableAppNameExtract: Flag(false),
    extractInterval: IntervalMs(60000),
    hostIP: RequiredText('host'),
    /** New: the QRS port (Butler SOS hard-coded 4242); a non-default port or a simulator needs it. */
    qrsPort: Port(4242),
  },
  enabledBy('enableAppNameExtract'),
);

export const UserSessionsSection = Type.Object(
  {
    enableSessionExtract: Flag(true),
    pollingInterval: IntervalMs(30000),
    excludeUser: UserRefList(),
  },
  enabledBy('enableSessionExtract'),
);

const TagValue = Type.Unsafe<string | null>(
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], { [NORMALISE]: 'toString' }),
);

const HeaderValue = Type.Unsafe<string>(
  Type.Union([Type.String(), Type.Number(), Type.Boolean()], { [NORMALISE]: 'toString' }),
);

const ServerUserSessions = Type.Object(
  {
    enable: Flag(false),
    host: RequiredText('host-port'),
    virtualProxies: Type.Array(Type.Object({ virtualProxy: Type.String() }), { minItems: 1 }),
  },
  enabledBy('enable'),
);

export const ServerEntry = Type.Object({
  host: RequiredText('host-port'),
  serverName: RequiredText(),
  serverDescription: Text(''),
  userSessions: ServerUserSessions,
  serverTags: Type.Union([Type.Record(Type.String(), TagValue), Type.Null()], { default: null }),
  headers: Type.Union([Type.Record(Type.String(), HeaderValue), Type.Null()], { default: null }),
});

export const ServersToMonitorSection = Type.Object({
  pollingInterval: IntervalMs(30000),
  rejectUnauthorized: Flag(true),
  serverTagsDefinition: StringList(),
  servers: Type.Array(ServerEntry, { default: [] }),
});
