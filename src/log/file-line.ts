// The layout of a line in the log files: Butler SOS's `<ISO-8601 UTC time> <level>: <message>`, so
// existing grep habits and log-shipper patterns keep working, with the thread in brackets and the
// structured fields of the line as one JSON object at the end (an error's stack stays on the same line).

const OWN_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

/** One pino JSON line (with or without its newline) → one log file line with a newline. */
export function fileLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (!OWN_KEYS.has(key)) fields[key] = value;
  const thread = typeof entry.name === 'string' ? ` [${entry.name}]` : '';
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const msg = typeof entry.msg === 'string' ? entry.msg.replace(/\r?\n/g, ' ') : '';
  return `${String(entry.time)} ${String(entry.level)}:${thread} ${msg}${rest}\n`;
}
