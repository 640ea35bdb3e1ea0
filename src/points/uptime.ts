// The `uptime` field of `sense_server`: "<d> days, <H>h <MM>m <SS>s" since the engine's `started` time.
// Butler SOS read `started` as local time and took the hours from a Date of the duration, so its hours were off
// by the host's UTC offset; here the offset Qlik sends is honoured and the hours are those of the duration.

const DAY_MS = 86_400_000;

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Milliseconds since the epoch of a Qlik `YYYYMMDDThhmmss[.fff][Z|±hhmm|±hh:mm]` time; NaN when it is not one.
 * Without an offset the time is taken as UTC.
 */
export function parseQlikStarted(started: string): number {
  if (started.length < 15 || started.charCodeAt(8) !== 84 /* T */) return NaN;
  const y = digits(started, 0, 4);
  const mo = digits(started, 4, 6);
  const d = digits(started, 6, 8);
  const h = digits(started, 9, 11);
  const mi = digits(started, 11, 13);
  const s = digits(started, 13, 15);
  if ([y, mo, d, h, mi, s].some(Number.isNaN) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return NaN;
  let i = 15;
  let ms = 0;
  if (started[i] === '.') {
    let j = i + 1;
    while (j < started.length && started.charCodeAt(j) >= 48 && started.charCodeAt(j) <= 57) j++;
    ms = Math.floor(Number('0' + started.slice(i, j)) * 1000);
    i = j;
  }
  let offsetMin = 0;
  const rest = started.slice(i);
  if (rest !== '' && rest !== 'Z') {
    const sign = rest[0] === '+' ? 1 : rest[0] === '-' ? -1 : 0;
    const hhmm = rest.slice(1).replace(':', '');
    if (sign === 0 || hhmm.length !== 4) return NaN;
    const oh = digits(hhmm, 0, 2);
    const om = digits(hhmm, 2, 4);
    if (Number.isNaN(oh) || Number.isNaN(om)) return NaN;
    offsetMin = sign * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** '' when `started` is not a Qlik time or lies in the future. */
export function formatUptime(started: string, nowMs: number): string {
  const since = parseQlikStarted(started);
  if (!Number.isFinite(since) || !Number.isFinite(nowMs)) return '';
  const diff = nowMs - since;
  if (diff < 0) return '';
  const days = Math.trunc(diff / DAY_MS);
  const rem = diff - days * DAY_MS;
  const hours = Math.floor(rem / 3_600_000);
  const minutes = Math.floor((rem % 3_600_000) / 60_000);
  const seconds = Math.floor((rem % 60_000) / 1000);
  return `${days} days, ${hours}h ${pad2(minutes)}m ${pad2(seconds)}s`;
}
