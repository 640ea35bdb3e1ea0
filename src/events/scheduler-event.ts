// `/qseow-scheduler/` log events: 18 fields (docs/inputs.md#conversion-patterns).
// Fixes applied here (see the named files): timestamps (timestamps.ts), GUID case (guid.ts), missing and `(null)`
// fields (text-field.ts), semicolons in message and exception (message-fields.ts).
import type { SchedulerLogEvent } from './types.js';
import { textField, type TextFieldReader } from './text-field.js';
import { isoTimestampField, localTimestampField } from './timestamps.js';
import { normaliseGuid } from './guid.js';
import { integerOr } from './numbers.js';
import { messageAndException } from './message-fields.js';
import { formatUserFields } from './user-fields.js';

export const SCHEDULER_FIELD_COUNT = 18;

/** `parts`: the datagram split on ';' (parts[0] is the prefix). Never throws. */
export function parseSchedulerEvent(parts: readonly string[], field: TextFieldReader = textField): SchedulerLogEvent {
  const surplus = parts.length > SCHEDULER_FIELD_COUNT ? parts.length - SCHEDULER_FIELD_COUNT : 0;
  const { message, exception } = messageAndException(parts, surplus);
  const event: SchedulerLogEvent = {
    source: 'qseow-scheduler',
    log_row: integerOr(parts[1], -1),
    ts_iso: isoTimestampField(parts[2]),
    ts_local: localTimestampField(parts[3]),
    level: field(parts[4], 20),
    host: field(parts[5], 100),
    subsystem: field(parts[6], 200),
    windows_user: field(parts[7], 100),
    message: field(message, 1000),
    exception_message: field(exception, 1000),
    user_directory: field(parts[10 + surplus], 100),
    user_id: field(parts[11 + surplus], 100),
    // Qlik's `User` property (DIR\id): formatUserFields splits it when directory and id are empty.
    user_full: field(parts[12 + surplus], 200),
    task_name: field(parts[13 + surplus], 200),
    app_name: field(parts[14 + surplus], 200),
    task_id: normaliseGuid(parts[15 + surplus]),
    app_id: normaliseGuid(parts[16 + surplus]),
    execution_id: normaliseGuid(parts[17 + surplus]),
  };
  formatUserFields(event);
  return event;
}
