// `/qseow-proxy/` and `/qseow-repository/` log events: one 16-field layout (docs/inputs.md#conversion-patterns).
// Fixes applied here (see the named files): `-hhmm`/`Z`/`+hh:mm` offsets (timestamps.ts),
// missing and `(null)` fields (text-field.ts), semicolons in message and exception (message-fields.ts).
import type { ProxyRepositoryLogEvent } from './types.js';
import { textField, type TextFieldReader } from './text-field.js';
import { isoTimestampField, localTimestampField } from './timestamps.js';
import { integerOr } from './numbers.js';
import { messageAndException } from './message-fields.js';
import { formatUserFields } from './user-fields.js';

export const PROXY_REPOSITORY_FIELD_COUNT = 16;

/** `parts`: the datagram split on ';' (parts[0] is the prefix). Never throws. */
export function parseProxyRepositoryEvent(
  parts: readonly string[],
  source: 'qseow-proxy' | 'qseow-repository',
  field: TextFieldReader = textField,
): ProxyRepositoryLogEvent {
  const surplus = parts.length > PROXY_REPOSITORY_FIELD_COUNT ? parts.length - PROXY_REPOSITORY_FIELD_COUNT : 0;
  const { message, exception } = messageAndException(parts, surplus);
  const event: ProxyRepositoryLogEvent = {
    source,
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
    command: field(parts[12 + surplus], 200),
    result_code: field(parts[13 + surplus], 50),
    origin: field(parts[14 + surplus], 200),
    context: field(parts[15 + surplus], 200),
    user_full: '',
  };
  formatUserFields(event);
  return event;
}
