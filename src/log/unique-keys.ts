// pino writes a child logger's bindings and then the fields of the log call as they are, so a field that is
// also bound (`logger.child({ destination }).info({ destination }, …)`) or that names one of pino's own keys
// appears twice in one JSON line, and JSON parsers disagree on which one wins. This hook makes every key
// unique: a field equal to its binding is dropped, a different value is kept under `<key>_`.
import type { Logger } from 'pino';

const CORE_KEYS = ['level', 'time', 'pid', 'hostname', 'msg'];

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && !Array.isArray(value);
}

export function withoutBoundKeys(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void): void {
  const fields = args[0];
  if (!isFields(fields)) {
    method.apply(this, args);
    return;
  }
  const bound = this.bindings();
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(fields)) {
    const isBound = Object.hasOwn(bound, key);
    if (!isBound && !CORE_KEYS.includes(key)) continue;
    out ??= { ...fields };
    delete out[key];
    if (!isBound || bound[key] !== fields[key]) out[`${key}_`] = fields[key];
  }
  method.apply(this, out ? [out, ...args.slice(1)] : args);
}
