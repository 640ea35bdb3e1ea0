import { auditFilesDestination } from '../destinations/audit-files/plugin.js';
import { auditInfluxdbDestination } from '../destinations/audit-influxdb/plugin.js';
import type { DestinationPlugin } from '../destinations/plugin.js';

/** The destinations that take audit events (until the registry routes AUDIT_EVENTS like any other kind). */
export const AUDIT_PLUGINS: readonly DestinationPlugin[] = [auditInfluxdbDestination, auditFilesDestination];
