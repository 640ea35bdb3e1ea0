// QIX performance monitor filters (docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor;
// docs/compatibility.md S13-S15): allApps (app exclude, object type and method lists), appSpecific (by app id and by
// app name, object type, app object in both shapes, method), combinations, and the rejected-event records the handler
// produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQixPerfFilter, type QixPerfFilter } from '../../../src/events/qix-perf-filter.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import type {
  AllAppsFilterConfig,
  AppSpecificEntryConfig,
  EnginePerformanceMonitorConfig,
  MonitorFilterConfig,
} from '../../../src/events/options.js';
import type { QixPerfLogEvent } from '../../../src/events/types.js';
import { datagrams, logOptions } from './helpers.js';

const SALES = 'd7cf16f9-6a95-462a-9ff1-a6d413326de4';
const RELOADS = 'e7af59a0-c243-480d-9571-08727551a66f';
const [QIX_LAYOUT, QIX_OPEN_APP, QIX_RELOAD] = datagrams('udp', 'log-events-constructed.txt').filter((l) => l.startsWith('/qseow-qix-perf/'));

/** A qix-perf event as the filter sees it. */
interface Ev {
  appId: string;
  appName: string;
  objectId: string;
  objectType: string;
  method: string;
}
const ev = (o: Partial<Ev> = {}): Ev => ({
  appId: RELOADS,
  appName: 'Test failing reloads 2',
  objectId: 'rwPjBk',
  objectType: 'barchart',
  method: 'GenericObject::GetLayout',
  ...o,
});
const accepts = (f: QixPerfFilter, e: Ev): boolean => f(e.appId, e.appName, e.objectId, e.objectType, e.method);

const ALL_TYPES = { allObjectTypes: true, allObjectTypesExclude: null, someObjectTypesInclude: null };
const ALL_METHODS = { allMethods: true, allMethodsExclude: null, someMethodsInclude: null };
const ALL_OBJECTS = { allAppObjects: true, allAppObjectsExclude: null, someAppObjectsInclude: null };

const allApps = (o: Partial<AllAppsFilterConfig> = {}): QixPerfFilter =>
  createQixPerfFilter({ allApps: { enable: true, appExclude: null, objectType: ALL_TYPES, method: ALL_METHODS, ...o }, appSpecific: { enable: false, app: null } });

const appEntry = (o: Partial<AppSpecificEntryConfig> = {}): AppSpecificEntryConfig => ({
  include: [{ appId: RELOADS }],
  objectType: ALL_TYPES,
  appObject: ALL_OBJECTS,
  method: ALL_METHODS,
  ...o,
});
const appSpecific = (...app: AppSpecificEntryConfig[]): QixPerfFilter =>
  createQixPerfFilter({ allApps: { enable: false }, appSpecific: { enable: true, app } });

test('no filter config, or both filters disabled (the template): every event is rejected', () => {
  assert.equal(accepts(createQixPerfFilter(undefined), ev()), false);
  assert.equal(accepts(createQixPerfFilter(null), ev()), false);
  assert.equal(accepts(createQixPerfFilter({}), ev()), false);
  const template: MonitorFilterConfig = {
    allApps: { enable: false, appExclude: [{ appId: RELOADS }], objectType: ALL_TYPES, method: ALL_METHODS },
    appSpecific: { enable: false, app: [appEntry()] },
  };
  assert.equal(accepts(createQixPerfFilter(template), ev()), false);
});

test('allApps: all object types and methods → everything accepted', () => {
  const f = allApps();
  for (const e of [ev(), ev({ appId: SALES, appName: 'Sales dashboard' }), ev({ appId: '', appName: '', objectType: '<Unknown>', method: 'Global::OpenApp' })]) {
    assert.equal(accepts(f, e), true);
  }
});

test('allApps: objectType exclude list and include list', () => {
  const excl = allApps({ objectType: { allObjectTypes: true, allObjectTypesExclude: ['<Unknown>', 'listbox'] } });
  assert.equal(accepts(excl, ev()), true);
  assert.equal(accepts(excl, ev({ objectType: '<Unknown>' })), false);
  assert.equal(accepts(excl, ev({ objectType: 'listbox' })), false);
  assert.equal(accepts(excl, ev({ objectType: 'Listbox' })), true, 'case-sensitive');
  const incl = allApps({ objectType: { allObjectTypes: false, someObjectTypesInclude: ['barchart', 'linechart'] } });
  assert.equal(accepts(incl, ev()), true);
  assert.equal(accepts(incl, ev({ objectType: 'linechart' })), true);
  assert.equal(accepts(incl, ev({ objectType: 'map' })), false);
  assert.equal(accepts(incl, ev({ objectType: 'Barchart' })), false, 'case-sensitive');
  const emptyInclude = allApps({ objectType: { allObjectTypes: false, someObjectTypesInclude: null } });
  assert.equal(accepts(emptyInclude, ev()), false, 'allObjectTypes false with no include list accepts nothing');
});

test('allApps: method exclude list and include list', () => {
  const excl = allApps({ method: { allMethods: true, allMethodsExclude: ['Global::OpenApp'] } });
  assert.equal(accepts(excl, ev()), true);
  assert.equal(accepts(excl, ev({ method: 'Global::OpenApp' })), false);
  const incl = allApps({ method: { allMethods: false, someMethodsInclude: ['Doc::DoReloadEx', 'Global::OpenApp'] } });
  assert.equal(accepts(incl, ev({ method: 'Doc::DoReloadEx' })), true);
  assert.equal(accepts(incl, ev()), false);
});

test('allApps: objectType and method must both allow the event', () => {
  const f = allApps({
    objectType: { allObjectTypes: false, someObjectTypesInclude: ['barchart'] },
    method: { allMethods: true, allMethodsExclude: ['GenericObject::GetLayout'] },
  });
  assert.equal(accepts(f, ev()), false, 'type ok, method excluded');
  assert.equal(accepts(f, ev({ method: 'GenericObject::GetHyperCubeData' })), true);
  assert.equal(accepts(f, ev({ objectType: 'map', method: 'GenericObject::GetHyperCubeData' })), false);
});

test('allApps appExclude: by app id, by app name, both keys must match, empty selector excludes all', () => {
  const byId = allApps({ appExclude: [{ appId: SALES }] });
  assert.equal(accepts(byId, ev({ appId: SALES, appName: 'Sales dashboard' })), false);
  assert.equal(accepts(byId, ev()), true);
  const byName = allApps({ appExclude: [{ appName: 'Sales dashboard' }] });
  assert.equal(accepts(byName, ev({ appId: SALES, appName: 'Sales dashboard' })), false);
  assert.equal(accepts(byName, ev({ appId: SALES, appName: '' })), true, 'no name (lookup off) → name selector cannot match');
  assert.equal(accepts(byName, ev({ appId: SALES, appName: 'sales dashboard' })), true, 'case-sensitive');
  const both = allApps({ appExclude: [{ appId: SALES, appName: 'Sales dashboard' }] });
  assert.equal(accepts(both, ev({ appId: SALES, appName: 'Sales dashboard' })), false);
  assert.equal(accepts(both, ev({ appId: SALES, appName: 'Other' })), true);
  assert.equal(accepts(both, ev({ appId: RELOADS, appName: 'Sales dashboard' })), true);
  assert.equal(accepts(allApps({ appExclude: [{}] }), ev()), false, 'a selector with neither key matches every app');
  const several = allApps({ appExclude: [{ appId: SALES }, { appName: 'Test failing reloads 2' }] });
  assert.equal(accepts(several, ev()), false);
  assert.equal(accepts(several, ev({ appId: 'c1a9e8d2-3b4f-4a5e-9c6d-7e8f9a0b1c2d', appName: 'Third' })), true);
});

test('an empty-string selector value is a value, not "any app" (fix of our port; Butler compares it literally)', () => {
  // `appExclude: [{appId: ''}]` must not exclude every app, and `include: [{appName: ''}]` must not include every app.
  const excludeEmptyId = allApps({ appExclude: [{ appId: '' }] });
  assert.equal(accepts(excludeEmptyId, ev()), true);
  assert.equal(accepts(excludeEmptyId, ev({ appId: '', appName: '' })), false, 'only events without a DocId are excluded');
  const includeEmptyName = appSpecific(appEntry({ include: [{ appName: '' }] }));
  assert.equal(accepts(includeEmptyName, ev()), false);
  assert.equal(accepts(includeEmptyName, ev({ appName: '' })), true, 'events whose name is unknown (lookup off) match');
  const both = appSpecific(appEntry({ include: [{ appId: RELOADS, appName: '' }] }));
  assert.equal(accepts(both, ev()), false);
  assert.equal(accepts(both, ev({ appName: '' })), true);
  const nullKeys = allApps({ appExclude: [{ appId: null, appName: 'Sales dashboard' }] });
  assert.equal(accepts(nullKeys, ev({ appId: SALES, appName: 'Sales dashboard' })), false, 'null counts as absent');
});

test('app id selectors are compared GUID-normalised: uppercase ids in the config match (fix)', () => {
  const f = allApps({ appExclude: [{ appId: SALES.toUpperCase() }] });
  assert.equal(accepts(f, ev({ appId: SALES })), false);
  const g = appSpecific(appEntry({ include: [{ appId: RELOADS.toUpperCase() }] }));
  assert.equal(accepts(g, ev()), true);
  const nonGuid = allApps({ appExclude: [{ appId: 'NotAGuid' }] });
  assert.equal(accepts(nonGuid, ev({ appId: 'NotAGuid' })), false, 'non-GUID ids compared as written');
  assert.equal(accepts(nonGuid, ev({ appId: 'notaguid' })), true);
});

test('allApps without objectType/method blocks allows every type and method (fix: Butler crashed)', () => {
  const f = createQixPerfFilter({ allApps: { enable: true, appExclude: [{ appId: SALES }] } });
  assert.equal(accepts(f, ev()), true);
  assert.equal(accepts(f, ev({ objectType: 'anything', method: 'Any::Method' })), true);
  assert.equal(accepts(f, ev({ appId: SALES })), false);
  assert.equal(accepts(createQixPerfFilter({ allApps: { enable: true, objectType: null, method: null } }), ev()), true);
});

test('appSpecific include: by app id, by app name, both keys must match; empty include never matches', () => {
  assert.equal(accepts(appSpecific(appEntry()), ev()), true);
  assert.equal(accepts(appSpecific(appEntry()), ev({ appId: SALES })), false);
  const byName = appSpecific(appEntry({ include: [{ appName: 'Sales dashboard' }] }));
  assert.equal(accepts(byName, ev({ appId: SALES, appName: 'Sales dashboard' })), true);
  assert.equal(accepts(byName, ev({ appId: SALES, appName: '' })), false);
  const both = appSpecific(appEntry({ include: [{ appId: SALES, appName: 'Sales dashboard' }] }));
  assert.equal(accepts(both, ev({ appId: SALES, appName: 'Sales dashboard' })), true);
  assert.equal(accepts(both, ev({ appId: SALES, appName: 'Renamed' })), false);
  const anyOf = appSpecific(appEntry({ include: [{ appId: SALES }, { appName: 'Test failing reloads 2' }] }));
  assert.equal(accepts(anyOf, ev()), true);
  assert.equal(accepts(anyOf, ev({ appId: SALES, appName: '' })), true);
  assert.equal(accepts(appSpecific(appEntry({ include: [] })), ev()), false);
  assert.equal(accepts(appSpecific(appEntry({ include: null })), ev()), false);
  assert.equal(accepts(appSpecific(appEntry({ include: [{}] })), ev({ appId: SALES })), true, 'empty selector matches every app');
});

test('appSpecific: objectType and method rules', () => {
  const types = appSpecific(appEntry({ objectType: { allObjectTypes: false, someObjectTypesInclude: ['linechart'] } }));
  assert.equal(accepts(types, ev({ objectType: 'linechart' })), true);
  assert.equal(accepts(types, ev()), false);
  const notTypes = appSpecific(appEntry({ objectType: { allObjectTypes: true, allObjectTypesExclude: ['barchart'] } }));
  assert.equal(accepts(notTypes, ev()), false);
  assert.equal(accepts(notTypes, ev({ objectType: 'map' })), true);
  const methods = appSpecific(appEntry({ method: { allMethods: false, someMethodsInclude: ['Global::OpenApp'] } }));
  assert.equal(accepts(methods, ev({ method: 'Global::OpenApp' })), true);
  assert.equal(accepts(methods, ev()), false);
  const notMethods = appSpecific(appEntry({ method: { allMethods: true, allMethodsExclude: ['GenericObject::GetLayout'] } }));
  assert.equal(accepts(notMethods, ev()), false);
  assert.equal(accepts(notMethods, ev({ method: 'Doc::GetAppLayout' })), true);
});

test('appObject filters accept {objectId} objects AND plain strings, in both lists (fix: Butler matched objects only)', () => {
  for (const [shape, ids] of [
    ['objects', [{ objectId: 'rwPjBk' }, { objectId: 'a1b2c3' }]],
    ['strings', ['rwPjBk', 'a1b2c3']],
    ['mixed', ['rwPjBk', { objectId: 'a1b2c3' }]],
  ] as const) {
    const exclude = appSpecific(appEntry({ appObject: { allAppObjects: true, allAppObjectsExclude: [...ids] } }));
    assert.equal(accepts(exclude, ev()), false, `${shape}: excluded object`);
    assert.equal(accepts(exclude, ev({ objectId: 'a1b2c3' })), false, `${shape}: second excluded object`);
    assert.equal(accepts(exclude, ev({ objectId: 'zzz' })), true, `${shape}: other object`);
    assert.equal(accepts(exclude, ev({ objectId: 'RWPJBK' })), true, `${shape}: case-sensitive`);
    const include = appSpecific(appEntry({ appObject: { allAppObjects: false, someAppObjectsInclude: [...ids] } }));
    assert.equal(accepts(include, ev()), true, `${shape}: included object`);
    assert.equal(accepts(include, ev({ objectId: 'a1b2c3' })), true, `${shape}: second included object`);
    assert.equal(accepts(include, ev({ objectId: '<Unknown>' })), false, `${shape}: other object`);
  }
});

test('appObject: empty include list accepts nothing; null/odd entries are ignored', () => {
  assert.equal(accepts(appSpecific(appEntry({ appObject: { allAppObjects: false, someAppObjectsInclude: null } })), ev()), false);
  const odd = [null, { objectId: null }, 'rwPjBk'] as unknown as string[];
  assert.equal(accepts(appSpecific(appEntry({ appObject: { allAppObjects: false, someAppObjectsInclude: odd } })), ev()), true);
  assert.equal(accepts(appSpecific(appEntry({ appObject: { allAppObjects: false, someAppObjectsInclude: odd } })), ev({ objectId: 'null' })), false);
});

test('appSpecific: missing objectType/appObject/method blocks allow everything (same default as allApps)', () => {
  const f = createQixPerfFilter({ appSpecific: { enable: true, app: [{ include: [{ appId: RELOADS }] }] } });
  assert.equal(accepts(f, ev({ objectType: 'any', objectId: 'any', method: 'Any::Thing' })), true);
  assert.equal(accepts(f, ev({ appId: SALES })), false);
});

test('appSpecific: every rule of an entry must allow the event; any entry may accept it', () => {
  const strict = appEntry({
    objectType: { allObjectTypes: false, someObjectTypesInclude: ['barchart'] },
    appObject: { allAppObjects: false, someAppObjectsInclude: [{ objectId: 'rwPjBk' }] },
    method: { allMethods: false, someMethodsInclude: ['GenericObject::GetLayout'] },
  });
  const f = appSpecific(strict);
  assert.equal(accepts(f, ev()), true);
  assert.equal(accepts(f, ev({ objectType: 'map' })), false);
  assert.equal(accepts(f, ev({ objectId: 'other' })), false);
  assert.equal(accepts(f, ev({ method: 'Global::OpenApp' })), false);
  const second = appEntry({ include: [{ appId: RELOADS }], method: { allMethods: false, someMethodsInclude: ['Global::OpenApp'] } });
  const g = appSpecific(strict, second);
  assert.equal(accepts(g, ev({ method: 'Global::OpenApp', objectType: '<Unknown>', objectId: '<Unknown>' })), true, 'second entry accepts');
  assert.equal(accepts(g, ev({ method: 'Doc::DoReloadEx' })), false);
  assert.equal(accepts(appSpecific(null as unknown as AppSpecificEntryConfig, second), ev({ method: 'Global::OpenApp' })), true, 'null entries skipped');
});

test('appSpecific disabled: its entries are ignored', () => {
  const f = createQixPerfFilter({ appSpecific: { enable: false, app: [appEntry()] }, allApps: { enable: false } });
  assert.equal(accepts(f, ev()), false);
});

test('combination: accepted if appSpecific OR allApps accepts; appSpecific wins over an allApps exclusion', () => {
  const f = createQixPerfFilter({
    allApps: {
      enable: true,
      appExclude: [{ appId: RELOADS }],
      objectType: { allObjectTypes: true, allObjectTypesExclude: ['<Unknown>'] },
      method: ALL_METHODS,
    },
    appSpecific: { enable: true, app: [appEntry({ method: { allMethods: false, someMethodsInclude: ['Global::OpenApp'] } })] },
  });
  assert.equal(accepts(f, ev({ method: 'Global::OpenApp', objectType: '<Unknown>' })), true, 'app-specific accepts an app allApps excludes');
  assert.equal(accepts(f, ev()), false, 'app-specific rejects (method), allApps excludes the app');
  assert.equal(accepts(f, ev({ appId: SALES, appName: 'Sales dashboard' })), true, 'other app: allApps accepts');
  assert.equal(accepts(f, ev({ appId: SALES, appName: 'Sales dashboard', objectType: '<Unknown>' })), false, 'other app, excluded type');
});

// ---- through the log-event handler: raw fields, app-name lookup, rejected records ----

function perfOptions(monitorFilter: MonitorFilterConfig, perf: Partial<EnginePerformanceMonitorConfig> = {}, trackRejected = true) {
  const base = logOptions();
  return { ...base, trackRejected, enginePerformanceMonitor: { ...base.enginePerformanceMonitor, ...perf, monitorFilter } };
}

test('handler: app-name selectors only work with appNameLookup on (kept as Butler SOS)', () => {
  const filter: MonitorFilterConfig = { appSpecific: { enable: true, app: [appEntry({ include: [{ appName: 'Sales dashboard' }] })] } };
  const off = createLogEventHandler(perfOptions(filter, { appNameLookup: { enable: false } }));
  assert.deepEqual(off(QIX_RELOAD), {
    kind: 'rejected',
    rejected: { source: 'qseow-qix-perf', appId: SALES, appName: '', method: 'Doc::DoReloadEx', objectType: '<Unknown>', processTime: 30512.774 },
  });
  const on = createLogEventHandler(perfOptions(filter, { appNameLookup: { enable: true } }));
  const out = on(QIX_RELOAD);
  assert.equal(out.kind, 'event');
  const event = (out as { event: QixPerfLogEvent }).event;
  assert.equal(event.app_name, 'Sales dashboard');
  assert.equal(event.method, 'Doc::DoReloadEx');
  assert.equal(on(QIX_LAYOUT).kind, 'rejected', 'other app');
});

test('handler: app-specific by app id on the constructed lines; uppercase GUID in the datagram matches (fix)', () => {
  const filter: MonitorFilterConfig = {
    appSpecific: {
      enable: true,
      app: [appEntry({ include: [{ appId: RELOADS }], appObject: { allAppObjects: false, someAppObjectsInclude: ['rwPjBk'] } })],
    },
  };
  const h = createLogEventHandler(perfOptions(filter));
  assert.equal(h(QIX_LAYOUT).kind, 'event', 'object rwPjBk of the app');
  assert.equal(h(QIX_OPEN_APP).kind, 'rejected', 'object <Unknown> of the same app');
  assert.equal(h(QIX_RELOAD).kind, 'rejected', 'other app');
  const upper = h(QIX_LAYOUT.replace(RELOADS, RELOADS.toUpperCase()));
  assert.equal(upper.kind, 'event');
  assert.equal((upper as { event: QixPerfLogEvent }).event.app_id, RELOADS);
});

test('handler: rejected records carry app id/name, method, object type and parseFloat(process time)', () => {
  const filter: MonitorFilterConfig = { allApps: { enable: true, objectType: { allObjectTypes: true, allObjectTypesExclude: ['<Unknown>'] } } };
  const h = createLogEventHandler(perfOptions(filter, { appNameLookup: { enable: true } }));
  assert.equal(h(QIX_LAYOUT).kind, 'event');
  assert.deepEqual(h(QIX_OPEN_APP), {
    kind: 'rejected',
    rejected: { source: 'qseow-qix-perf', appId: RELOADS, appName: 'Test failing reloads 2', method: 'Global::OpenApp', objectType: '<Unknown>', processTime: 2415.908 },
  });
  const parts = QIX_OPEN_APP.split(';');
  parts[13] = '0';
  parts[16] = 'n/a';
  const odd = h(parts.join(';'));
  assert.equal(odd.kind, 'rejected');
  const rejected = (odd as { rejected: { appId: string; appName: string; processTime: number } }).rejected;
  assert.equal(rejected.appId, '0', 'a non-GUID DocId is kept raw for the record');
  assert.equal(rejected.appName, '', 'no lookup hit');
  assert.ok(Number.isNaN(rejected.processTime));
  const rejectAll = createLogEventHandler(perfOptions({ allApps: { enable: false } }, { appNameLookup: { enable: true } }));
  const short = rejectAll('/qseow-qix-perf/;1;2;3;INFO;H;S');
  assert.deepEqual(short, {
    kind: 'rejected',
    rejected: { source: 'qseow-qix-perf', appId: '', appName: '', method: '', objectType: '', processTime: NaN },
  });
});

test('handler: filters read raw fields (a control character in the method defeats an include list, as Butler)', () => {
  const filter: MonitorFilterConfig = { allApps: { enable: true, method: { allMethods: false, someMethodsInclude: ['Global::OpenApp'] } } };
  const h = createLogEventHandler(perfOptions(filter));
  assert.equal(h(QIX_OPEN_APP).kind, 'event');
  assert.equal(h(QIX_OPEN_APP.replace('Global::OpenApp', 'Global::OpenApp\t')).kind, 'rejected');
});

test('handler: rejection is independent of tracking; no record without tracking', () => {
  const filter: MonitorFilterConfig = { allApps: { enable: false } };
  assert.deepEqual(createLogEventHandler(perfOptions(filter, {}, false))(QIX_LAYOUT), { kind: 'rejected', rejected: null });
  const perfOff = createLogEventHandler(perfOptions(filter, { enable: false }));
  assert.equal(perfOff(QIX_LAYOUT).kind, 'perf-disabled', 'monitor off: not filtered, not rejected');
});
