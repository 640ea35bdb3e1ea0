import type { MeasurementSchema } from './define.js';
import { eventCountSchema, rejectedEventCountSchema } from './counters.js';
import { appsSchema, cacheSchema, cpuSchema, memSchema, saturatedSchema, senseServerSchema, sessionSchema, usersSchema } from './health.js';
import { ingestMetricsSchema } from './ingest-metrics.js';
import { logEventSchema } from './log-event.js';
import { memoryUsageSchema } from './memory.js';
import { userSessionDetailsSchema, userSessionListSchema, userSessionSummarySchema } from './sessions.js';
import { userEventsSchema } from './user-events.js';

/** Every measurement this package writes (butler_sos_errors lives with the error tracker), in documentation order. */
export const ALL_SCHEMAS: readonly MeasurementSchema[] = [
  senseServerSchema,
  memSchema,
  appsSchema,
  cpuSchema,
  sessionSchema,
  usersSchema,
  cacheSchema,
  saturatedSchema,
  userSessionSummarySchema,
  userSessionListSchema,
  userSessionDetailsSchema,
  userEventsSchema,
  logEventSchema,
  eventCountSchema,
  rejectedEventCountSchema,
  ingestMetricsSchema,
  memoryUsageSchema,
];
