// Qlik (log4net) levels → OTel SeverityNumber (docs/open-telemetry.md#severity). log4net's extra levels sit
// between the OTel ranges where their rank says; anything unknown is UNSPECIFIED (0), and severityText always
// keeps the level as Qlik wrote it, so nothing is lost.
import { SeverityNumber } from '@opentelemetry/api-logs';

const LEVELS: Record<string, SeverityNumber> = {
  FINEST: SeverityNumber.TRACE,
  VERBOSE: SeverityNumber.TRACE2,
  TRACE: SeverityNumber.TRACE,
  FINE: SeverityNumber.DEBUG,
  DEBUG: SeverityNumber.DEBUG,
  INFO: SeverityNumber.INFO,
  NOTICE: SeverityNumber.INFO2,
  WARN: SeverityNumber.WARN,
  WARNING: SeverityNumber.WARN,
  ERROR: SeverityNumber.ERROR,
  SEVERE: SeverityNumber.ERROR2,
  CRITICAL: SeverityNumber.FATAL,
  ALERT: SeverityNumber.FATAL2,
  FATAL: SeverityNumber.FATAL,
  EMERGENCY: SeverityNumber.FATAL4,
};

/** SeverityNumber of a Qlik level, case-insensitive; 0 (UNSPECIFIED) for an unknown or empty level. */
export function severityOf(level: string): number {
  return LEVELS[level.trim().toUpperCase()] ?? SeverityNumber.UNSPECIFIED;
}

/** The mapping table, for the docs test. */
export const SEVERITY_TABLE: Readonly<Record<string, number>> = LEVELS;
