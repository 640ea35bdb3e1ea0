import { DESTINATIONS } from '../destinations/registry.js';
import type { CoreErrorType, ErrorModule, ErrorType } from '../threads/messages.js';

// Runtime lists of the error types and module values in src/threads/messages.ts, for validating reports that
// arrive from other threads: the core types, then those the registered destinations declare. The `Exhaustive`
// checks fail to compile when the unions and the lists drift apart.

export const CORE_ERROR_TYPES = [
  'HEALTH_API',
  'PROXY_API',
  'APP_NAMES_EXTRACT',
  'INFLUXDB_V1_WRITE',
  'INFLUXDB_V2_WRITE',
  'INFLUXDB_V3_WRITE',
  'MQTT_PUBLISH',
  'NEW_RELIC_POST',
  'UDP_USER_EVENT',
  'UDP_LOG_EVENT',
  'AUDIT_API',
  'AUDIT_FILE_WRITE',
] as const satisfies readonly CoreErrorType[];

/** The core types, then those the registered destinations declare (their plugins' `errorTypes`). */
export const ERROR_TYPES: readonly ErrorType[] = [...new Set<ErrorType>([...CORE_ERROR_TYPES, ...DESTINATIONS.flatMap((d) => d.errorTypes)])];

export const ERROR_MODULES = [
  'HEALTH_METRICS',
  'PROXY_SESSIONS',
  'LOG_EVENTS',
  'USER_EVENTS',
  'EVENT_COUNTS',
  'REJECTED_EVENT_COUNTS',
  'QUEUE_METRICS',
  'BUTLER_MEMORY',
  'HEALTH_METRICS_MQTT',
  'PROXY_SESSIONS_MQTT',
  'USER_EVENTS_MQTT',
  'LOG_EVENTS_MQTT',
  'HEALTH_METRICS_NEW_RELIC',
  'PROXY_SESSIONS_NEW_RELIC',
  'UPTIME_NEW_RELIC',
  'USER_EVENTS_NEW_RELIC',
  'UDP_USER_EVENTS',
  'UDP_LOG_EVENTS',
  'AUDIT_EVENTS',
] as const satisfies readonly ErrorModule[];

type Exhaustive<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : never;
const typesCovered: Exhaustive<CoreErrorType, (typeof CORE_ERROR_TYPES)[number]> = true;
const modulesCovered: Exhaustive<ErrorModule, (typeof ERROR_MODULES)[number]> = true;
void typesCovered;
void modulesCovered;

const typeSet: ReadonlySet<string> = new Set(ERROR_TYPES);
const moduleSet: ReadonlySet<string> = new Set(ERROR_MODULES);

export const isErrorType = (v: unknown): v is ErrorType => typeof v === 'string' && typeSet.has(v);
export const isErrorModule = (v: unknown): v is ErrorModule => typeof v === 'string' && moduleSet.has(v);
