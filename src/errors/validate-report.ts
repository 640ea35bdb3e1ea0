import type { ErrorDetails, ErrorReport } from '../threads/messages.js';
import { isErrorModule, isErrorType } from './error-codes.js';

// Reports come from other threads, so the tracker checks them before counting. An unusable report (no valid
// error type) is rejected with a reason; a usable one with a bad optional part keeps the error and drops only
// that part, listing it in `problems`, so one malformed detail never loses the error itself.

export type ValidationResult =
  | { ok: true; report: ErrorReport; problems: string[] }
  | { ok: false; reason: string };

const STRING_DETAILS = ['code', 'requestUrl', 'remoteAddress', 'syscall', 'message', 'name'] as const;
const NUMBER_DETAILS = ['httpStatus', 'requestTimeoutMs', 'remotePort'] as const;
const OPTIONAL_TAGS = ['host', 'virtualProxy', 'destinationHost'] as const;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
  return v === null ? 'null' : typeof v;
}

function checkDetails(raw: unknown, problems: string[]): ErrorDetails | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') {
    problems.push(`err must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const src = raw as Record<string, unknown>;
  const out: ErrorDetails = {};
  for (const key of STRING_DETAILS) {
    const v = src[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') out[key] = v;
    else problems.push(`err.${key} must be a string, got ${describe(v)}`);
  }
  for (const key of NUMBER_DETAILS) {
    const v = src[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else problems.push(`err.${key} must be a finite number, got ${describe(v)}`);
  }
  return out;
}

/** Checks a message received on the tracker port; a missing or bad `at` becomes `now`. */
export function validateErrorReport(msg: unknown, now: number): ValidationResult {
  if (typeof msg !== 'object' || msg === null) return { ok: false, reason: `error report must be an object, got ${describe(msg)}` };
  const src = msg as Record<string, unknown>;
  if (!isErrorType(src.type)) return { ok: false, reason: `error report has unknown type ${describe(src.type)}` };
  const problems: string[] = [];
  let serverName = '';
  if (typeof src.serverName === 'string') serverName = src.serverName;
  else if (src.serverName !== undefined && src.serverName !== null) problems.push(`serverName must be a string, got ${describe(src.serverName)}`);
  const validAt = typeof src.at === 'number' && Number.isFinite(src.at);
  if (!validAt && src.at !== undefined) problems.push(`at must be epoch milliseconds, got ${describe(src.at)}`);
  const report: ErrorReport = { t: 'error', type: src.type, serverName, at: validAt ? (src.at as number) : now };
  if (src.module !== undefined && src.module !== null) {
    if (isErrorModule(src.module)) report.module = src.module;
    else problems.push(`module ${describe(src.module)} is not a known module value`);
  }
  for (const key of OPTIONAL_TAGS) {
    const v = src[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') report[key] = v;
    else problems.push(`${key} must be a string, got ${describe(v)}`);
  }
  const err = checkDetails(src.err, problems);
  if (err !== undefined) report.err = err;
  return { ok: true, report, problems };
}
