// `/qseow-qix-perf/` log events: 26 fields (docs/inputs.md#conversion-patterns). No free-text field, so surplus parts
// are ignored (as Butler). Timestamps are sanitised only, as Butler does (it accepted any
// timestamp text from qix-perf, so there is nothing to fix).
// Fixes applied here (see the named files): GUID case (guid.ts), missing and `(null)` fields (text-field.ts).
import type { QixPerfLogEvent } from './types.js';
import { textField, type TextFieldReader } from './text-field.js';
import { normaliseGuid } from './guid.js';
import { floatOrNaN, integerOr, nonNegativeIntegerOr } from './numbers.js';
import { formatUserFields } from './user-fields.js';

export const QIX_PERF_FIELD_COUNT = 26;

/**
 * Raw field positions the monitor filters read (unsanitised:
 * docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor).
 */
export const QIX_PERF_APP_ID = 13;
export const QIX_PERF_METHOD = 15;
export const QIX_PERF_PROCESS_TIME = 16;
export const QIX_PERF_OBJECT_ID = 22;
export const QIX_PERF_OBJECT_TYPE = 25;

/**
 * `parts`: the datagram split on ';'. `appName`: the looked-up name ('' when lookup is off or the app is
 * unknown). Never throws.
 */
export function parseQixPerfEvent(parts: readonly string[], appName: string, field: TextFieldReader = textField): QixPerfLogEvent {
  const event: QixPerfLogEvent = {
    source: 'qseow-qix-perf',
    log_row: integerOr(parts[1], -1),
    ts_iso: field(parts[2], 50),
    ts_local: field(parts[3], 50),
    level: field(parts[4], 20),
    host: field(parts[5], 100),
    subsystem: field(parts[6], 200),
    windows_user: field(parts[7], 100),
    proxy_session_id: normaliseGuid(parts[8]),
    user_directory: field(parts[9], 100),
    user_id: field(parts[10], 100),
    engine_ts: field(parts[11], 50),
    session_id: normaliseGuid(parts[12]),
    app_id: normaliseGuid(parts[QIX_PERF_APP_ID]),
    app_name: textField(appName, 200),
    request_id: nonNegativeIntegerOr(parts[14], -99),
    method: field(parts[QIX_PERF_METHOD], 100),
    process_time: floatOrNaN(parts[QIX_PERF_PROCESS_TIME]),
    work_time: floatOrNaN(parts[17]),
    lock_time: floatOrNaN(parts[18]),
    validate_time: floatOrNaN(parts[19]),
    traverse_time: floatOrNaN(parts[20]),
    handle: integerOr(parts[21], -99),
    object_id: field(parts[QIX_PERF_OBJECT_ID], 100),
    net_ram: nonNegativeIntegerOr(parts[23], -1),
    peak_ram: nonNegativeIntegerOr(parts[24], -1),
    object_type: field(parts[QIX_PERF_OBJECT_TYPE], 100),
    // ProxySessionId '0' marks engine-internal work (reloads, preloads): Butler's only test for it.
    event_activity_source: parts[8] === '0' ? 'non-user' : 'user',
    user_full: '',
  };
  formatUserFields(event);
  return event;
}
