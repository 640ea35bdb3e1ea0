// Option shapes for the event handlers. They mirror the Butler SOS v15 YAML keys and nesting, so the validated
// config subtrees `Butler-SOS.logEvents`, `Butler-SOS.userEvents` and `Butler-SOS.qlikSenseEvents` can be passed
// in as they are. Lists may be `null` (YAML keys with every item commented out): null means empty.
// Normalisation (lower-cased `action`, filter `type` and `logLevel`; appObject items as `{objectId}`) is done by
// the config layer, but the compilers accept the raw forms too (strings stay typed as `string` for that reason).
import type { Category } from './types.js';

export interface EnableFlag {
  enable: boolean;
}

/** `logEvents.source` */
export interface LogEventSourcesConfig {
  engine: EnableFlag;
  proxy: EnableFlag;
  repository: EnableFlag;
  scheduler: EnableFlag;
  qixPerf: EnableFlag;
}

/** One item of `logEvents.categorise.rules[].filter`. `type`: sw | ew | so (any case). */
export interface CategoriseFilter {
  type: string;
  value: string;
}

/** One item of `logEvents.categorise.rules`. */
export interface CategoriseRule {
  description?: string;
  /** Log levels the rule applies to, any case (e.g. `warn`, `ERROR`, `fatal`). */
  logLevel?: string[] | null;
  /** `categorise` or `drop`, any case. */
  action?: string;
  category?: Category[] | null;
  filter?: CategoriseFilter[] | null;
}

/** `logEvents.categorise` */
export interface CategoriseConfig {
  enable: boolean;
  rules?: CategoriseRule[] | null;
  ruleDefault?: { enable: boolean; category?: Category[] | null } | null;
}

/** An app selector in `include` / `appExclude`: absent keys match anything; both present must both match. */
export interface AppSelector {
  appId?: string | null;
  appName?: string | null;
}

/** An app object in `appObject` lists: normalised form `{objectId}`; a bare string is accepted too. */
export type AppObjectSelector = { objectId: string } | string;

export interface ObjectTypeFilterConfig {
  allObjectTypes?: boolean;
  allObjectTypesExclude?: string[] | null;
  someObjectTypesInclude?: string[] | null;
}

export interface MethodFilterConfig {
  allMethods?: boolean;
  allMethodsExclude?: string[] | null;
  someMethodsInclude?: string[] | null;
}

export interface AppObjectFilterConfig {
  allAppObjects?: boolean;
  allAppObjectsExclude?: AppObjectSelector[] | null;
  someAppObjectsInclude?: AppObjectSelector[] | null;
}

/** `logEvents.enginePerformanceMonitor.monitorFilter.allApps` */
export interface AllAppsFilterConfig {
  enable: boolean;
  appExclude?: AppSelector[] | null;
  objectType?: ObjectTypeFilterConfig | null;
  method?: MethodFilterConfig | null;
}

/** One item of `logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app`. */
export interface AppSpecificEntryConfig {
  include?: AppSelector[] | null;
  objectType?: ObjectTypeFilterConfig | null;
  appObject?: AppObjectFilterConfig | null;
  method?: MethodFilterConfig | null;
}

/** `logEvents.enginePerformanceMonitor.monitorFilter.appSpecific` */
export interface AppSpecificFilterConfig {
  enable: boolean;
  app?: AppSpecificEntryConfig[] | null;
}

/** `logEvents.enginePerformanceMonitor.monitorFilter` */
export interface MonitorFilterConfig {
  allApps?: AllAppsFilterConfig | null;
  appSpecific?: AppSpecificFilterConfig | null;
}

/** `logEvents.enginePerformanceMonitor` */
export interface EnginePerformanceMonitorConfig {
  enable: boolean;
  appNameLookup?: EnableFlag | null;
  trackRejectedEvents?: { enable: boolean; tags?: Category[] | null } | null;
  monitorFilter?: MonitorFilterConfig | null;
}

/** The parts of `Butler-SOS.logEvents` the log-event handler uses (other keys are ignored). */
export interface LogEventsConfig {
  source: LogEventSourcesConfig;
  categorise: CategoriseConfig;
  enginePerformanceMonitor: EnginePerformanceMonitorConfig;
}

/** The parts of `Butler-SOS.qlikSenseEvents` the handlers use. */
export interface QlikSenseEventsConfig {
  eventCount: EnableFlag;
  rejectedEventCount: EnableFlag;
}

/** App id (lower-case GUID) → app name, from the poller's QRS app list; undefined when unknown. */
export type AppNameLookup = (appId: string) => string | undefined;

export interface LogEventHandlerOptions extends LogEventsConfig {
  /** `qlikSenseEvents.eventCount.enable` */
  eventCountEnabled: boolean;
  /**
   * Report qix-perf events rejected by the monitor filters. Butler SOS needs both
   * `enginePerformanceMonitor.trackRejectedEvents.enable` and `qlikSenseEvents.rejectedEventCount.enable`
   * (without the latter it crashes, docs/compatibility.md S17); `logEventHandlerOptions()` computes it that way.
   */
  trackRejected: boolean;
  appName: AppNameLookup;
}

/** One item of `userEvents.excludeUser`. */
export interface ExcludedUser {
  directory: string;
  userId: string;
}

/** The parts of `Butler-SOS.userEvents` the user-event handler uses. */
export interface UserEventsConfig {
  excludeUser?: ExcludedUser[] | null;
}

export interface UserEventHandlerOptions extends UserEventsConfig {
  /** `qlikSenseEvents.eventCount.enable` */
  eventCountEnabled: boolean;
  appName: AppNameLookup;
  /** Distinct user agents kept parsed; the cache is cleared when full. Default 2000. */
  userAgentCacheSize?: number;
}

/** Builds the log-event handler options from the validated config subtrees. */
export function logEventHandlerOptions(
  logEvents: LogEventsConfig,
  qlikSenseEvents: QlikSenseEventsConfig,
  appName: AppNameLookup,
): LogEventHandlerOptions {
  return {
    source: logEvents.source,
    categorise: logEvents.categorise,
    enginePerformanceMonitor: logEvents.enginePerformanceMonitor,
    eventCountEnabled: qlikSenseEvents.eventCount.enable === true,
    trackRejected:
      logEvents.enginePerformanceMonitor.trackRejectedEvents?.enable === true &&
      qlikSenseEvents.rejectedEventCount.enable === true,
    appName,
  };
}

/** Builds the user-event handler options from the validated config subtrees. */
export function userEventHandlerOptions(
  userEvents: UserEventsConfig,
  qlikSenseEvents: QlikSenseEventsConfig,
  appName: AppNameLookup,
): UserEventHandlerOptions {
  return { excludeUser: userEvents.excludeUser, eventCountEnabled: qlikSenseEvents.eventCount.enable === true, appName };
}
