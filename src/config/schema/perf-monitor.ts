import Type from 'typebox';
import { Flag, NameValueList, StringList, Switch } from './common.js';
import { NORMALISE } from './keywords.js';

// `logEvents.enginePerformanceMonitor` (docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor).
// Deliberate fixes of Butler SOS (docs/compatibility.md): app-object lists take plain strings or `{objectId}`
// objects and always load as objects (S13); allApps `objectType`/`method` are optional with the template's
// values (S14).

const AppRef = Type.Object({ appId: Type.Optional(Type.String()), appName: Type.Optional(Type.String()) });

export interface AppObjectRef {
  objectId: string;
}

const AppObjectRefInput = Type.Unsafe<AppObjectRef>(
  Type.Union([Type.String(), Type.Object({ objectId: Type.String() })], { [NORMALISE]: 'objectId' }),
);

const ObjectTypeFilter = Type.Object({
  allObjectTypes: Flag(true),
  allObjectTypesExclude: StringList(),
  someObjectTypesInclude: StringList(),
});

const MethodFilter = Type.Object({
  allMethods: Flag(true),
  allMethodsExclude: StringList(),
  someMethodsInclude: StringList(),
});

const AppObjectFilter = Type.Object({
  allAppObjects: Flag(true),
  allAppObjectsExclude: Type.Array(AppObjectRefInput, { default: [] }),
  someAppObjectsInclude: Type.Array(AppObjectRefInput, { default: [] }),
});

const AppSpecificEntry = Type.Object({
  include: Type.Array(AppRef, { default: [] }),
  objectType: ObjectTypeFilter,
  appObject: AppObjectFilter,
  method: MethodFilter,
});

export const EnginePerformanceMonitorSection = Type.Object({
  enable: Flag(false),
  appNameLookup: Switch(false),
  trackRejectedEvents: Type.Object({ enable: Flag(false), tags: NameValueList([{ name: 'qs_env', value: 'dev' }]) }),
  monitorFilter: Type.Object({
    allApps: Type.Object({
      enable: Flag(false),
      appExclude: Type.Array(AppRef, { default: [] }),
      objectType: ObjectTypeFilter,
      method: MethodFilter,
    }),
    appSpecific: Type.Object({
      enable: Flag(false),
      app: Type.Array(AppSpecificEntry, { default: [] }),
    }),
  }),
});
