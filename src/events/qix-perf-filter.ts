// QIX performance monitor filters (docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor), compiled
// once from `logEvents.enginePerformanceMonitor.monitorFilter`. An event is accepted when an app-specific entry accepts
// it or, failing that, the all-apps filter does. Comparisons are exact and case-sensitive on the raw fields.
//
// Our fixes of Butler SOS v15 (docs/compatibility.md S13, S14):
// - appObject lists (`allAppObjectsExclude`, `someAppObjectsInclude`) accept both shapes, plain strings (what
//   Butler's schema allowed, and which never matched) and `{objectId}` objects (what its code read).
// - allApps `objectType` and `method` are optional (Butler's schema allowed leaving them out, its code then
//   crashed): a missing block allows everything. The same default applies to the blocks of an appSpecific entry.
// - App ids in include/exclude selectors that are GUIDs are compared lower-cased, matching the lower-cased
//   app_id the parser stores (guid.ts); the caller passes the event's app id normalised the same way.
import type {
  AllAppsFilterConfig,
  AppObjectFilterConfig,
  AppObjectSelector,
  AppSelector,
  AppSpecificEntryConfig,
  MethodFilterConfig,
  MonitorFilterConfig,
  ObjectTypeFilterConfig,
} from './options.js';
import { normaliseGuid } from './guid.js';

/** Decides whether one qix-perf event is monitored. Arguments are raw fields, app id GUID-normalised. */
export type QixPerfFilter = (appId: string, appName: string, objectId: string, objectType: string, method: string) => boolean;

interface CompiledSelector {
  appId: string | undefined;
  appName: string | undefined;
}

/** `all`: everything except `names`; otherwise only `names`. */
interface NameRule {
  all: boolean;
  names: Set<string>;
}

interface CompiledAppEntry {
  include: CompiledSelector[];
  objectType: NameRule;
  appObject: NameRule;
  method: NameRule;
}

const ALLOW_ALL: NameRule = { all: true, names: new Set() };

// Only an absent (or null) key means "any app". An empty string is a value compared like any other, as in Butler
// (`appId === undefined || appId === eventAppId`): treating '' as absent made `appExclude: [{appId: ''}]` exclude
// every app and `include: [{appName: ''}]` include every app (found by test/unit/events/qix-perf-filter.test.ts).
function present(value: string | null | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function compileSelectors(list: readonly AppSelector[] | null | undefined): CompiledSelector[] {
  const out: CompiledSelector[] = [];
  for (const s of list ?? []) {
    if (s == null) continue;
    const appId = present(s.appId);
    out.push({ appId: appId === undefined ? undefined : normaliseGuid(appId) || appId, appName: present(s.appName) });
  }
  return out;
}

function selectorMatches(list: readonly CompiledSelector[], appId: string, appName: string): boolean {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if ((s.appId === undefined || s.appId === appId) && (s.appName === undefined || s.appName === appName)) return true;
  }
  return false;
}

function stringSet(list: readonly unknown[] | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of list ?? []) if (v != null) out.add(String(v));
  return out;
}

function objectIdSet(list: readonly AppObjectSelector[] | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of list ?? []) {
    if (typeof v === 'string') out.add(v);
    else if (v != null && v.objectId != null) out.add(String(v.objectId));
  }
  return out;
}

function objectTypeRule(c: ObjectTypeFilterConfig | null | undefined): NameRule {
  if (c == null) return ALLOW_ALL;
  return c.allObjectTypes === true
    ? { all: true, names: stringSet(c.allObjectTypesExclude) }
    : { all: false, names: stringSet(c.someObjectTypesInclude) };
}

function methodRule(c: MethodFilterConfig | null | undefined): NameRule {
  if (c == null) return ALLOW_ALL;
  return c.allMethods === true
    ? { all: true, names: stringSet(c.allMethodsExclude) }
    : { all: false, names: stringSet(c.someMethodsInclude) };
}

function appObjectRule(c: AppObjectFilterConfig | null | undefined): NameRule {
  if (c == null) return ALLOW_ALL;
  return c.allAppObjects === true
    ? { all: true, names: objectIdSet(c.allAppObjectsExclude) }
    : { all: false, names: objectIdSet(c.someAppObjectsInclude) };
}

function allows(rule: NameRule, name: string): boolean {
  return rule.all ? !rule.names.has(name) : rule.names.has(name);
}

function compileAppEntry(entry: AppSpecificEntryConfig): CompiledAppEntry {
  return {
    include: compileSelectors(entry.include),
    objectType: objectTypeRule(entry.objectType),
    appObject: appObjectRule(entry.appObject),
    method: methodRule(entry.method),
  };
}

function compileAllApps(c: AllAppsFilterConfig | null | undefined): { exclude: CompiledSelector[]; objectType: NameRule; method: NameRule } | undefined {
  if (c?.enable !== true) return undefined;
  return { exclude: compileSelectors(c.appExclude), objectType: objectTypeRule(c.objectType), method: methodRule(c.method) };
}

export function createQixPerfFilter(config: MonitorFilterConfig | null | undefined): QixPerfFilter {
  const appSpecific = config?.appSpecific?.enable === true ? (config.appSpecific.app ?? []).filter((e) => e != null).map(compileAppEntry) : [];
  const allApps = compileAllApps(config?.allApps);

  return (appId, appName, objectId, objectType, method) => {
    for (let i = 0; i < appSpecific.length; i++) {
      const e = appSpecific[i];
      if (
        selectorMatches(e.include, appId, appName) &&
        allows(e.objectType, objectType) &&
        allows(e.appObject, objectId) &&
        allows(e.method, method)
      ) {
        return true;
      }
    }
    if (allApps === undefined) return false;
    if (allApps.exclude.length > 0 && selectorMatches(allApps.exclude, appId, appName)) return false;
    return allows(allApps.objectType, objectType) && allows(allApps.method, method);
  };
}
