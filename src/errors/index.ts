// Public surface of the error tracker (docs/error-tracking.md).
export { categoriseError, ERROR_CATEGORIES, INVALID_RESPONSE_BODY_CODE, type ErrorCategory } from './categorise.js';
export { sanitizeRequestUrl, redactUrlsInText } from './sanitize-url.js';
export { ERROR_TYPES, ERROR_MODULES, isErrorType, isErrorModule } from './error-codes.js';
export { errorEventSchema } from './error-schema.js';
export { buildErrorPoint, encodeErrorLine, hostWithoutPort, type ErrorPointOptions } from './error-point.js';
export { NO_SERVER_CONTEXT, type CountsByType, type TypeCounts } from './error-counts.js';
export { utcDate, nextUtcMidnight } from './utc-day.js';
export { validateErrorReport, type ValidationResult } from './validate-report.js';
export {
  ErrorTracker,
  type ErrorTrackerOptions,
  type ErrorTrackerDeps,
  type ErrorCountsSnapshot,
  type ErrorPointSink,
} from './error-tracker.js';
export { createErrorTrackerCore, type ErrorTrackerCore, type ErrorTrackerCoreDeps } from './tracker-core.js';
