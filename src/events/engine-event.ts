// `/qseow-engine/` log events: 19 fields (docs/inputs.md#conversion-patterns).
// Fixes applied here (see the named files): timestamps (timestamps.ts), GUID case (guid.ts), missing and `(null)`
// fields (text-field.ts), semicolons in the message (message-fields.ts). Butler's `log_row > 0` rule is kept.
import type { EngineLogEvent } from './types.js';
import { textField, type TextFieldReader } from './text-field.js';
import { isoTimestampField, localTimestampField } from './timestamps.js';
import { normaliseGuid } from './guid.js';
import { positiveIntegerOr } from './numbers.js';
import { joinParts } from './message-fields.js';
import { formatUserFields } from './user-fields.js';

export const ENGINE_FIELD_COUNT = 19;

/** `parts`: the datagram split on ';' (parts[0] is the prefix). Never throws. */
export function parseEngineEvent(parts: readonly string[], field: TextFieldReader = textField): EngineLogEvent {
  const surplus = parts.length > ENGINE_FIELD_COUNT ? parts.length - ENGINE_FIELD_COUNT : 0;
  const message = surplus === 0 ? parts[8] : joinParts(parts, 8, 8 + surplus);
  const event: EngineLogEvent = {
    source: 'qseow-engine',
    log_row: positiveIntegerOr(parts[1], -1),
    ts_iso: isoTimestampField(parts[2]),
    ts_local: localTimestampField(parts[3]),
    level: field(parts[4], 20),
    host: field(parts[5], 100),
    subsystem: field(parts[6], 200),
    windows_user: field(parts[7], 100),
    message: field(message, 1000),
    proxy_session_id: normaliseGuid(parts[9 + surplus]),
    user_directory: field(parts[10 + surplus], 100),
    user_id: field(parts[11 + surplus], 100),
    engine_ts: field(parts[12 + surplus], 50),
    process_id: normaliseGuid(parts[13 + surplus]),
    engine_exe_version: field(parts[14 + surplus], 50),
    server_started: field(parts[15 + surplus], 50),
    entry_type: field(parts[16 + surplus], 50),
    session_id: normaliseGuid(parts[17 + surplus]),
    app_id: normaliseGuid(parts[18 + surplus]),
    user_full: '',
  };
  formatUserFields(event);
  return event;
}
