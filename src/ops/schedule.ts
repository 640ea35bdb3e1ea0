// later.js text schedules (`every 15 minutes`, `every 1 hour`, `at 10:15 am`, ...) for the uptime monitor and
// the heartbeat. Parsed by @breejs/later, the library Butler SOS itself uses, so every text that worked there
// means the same here. Times are UTC (later's default, which Butler SOS kept). Occurrences are clock-aligned:
// `every 15 minutes` fires at :00, :15, :30 and :45, not 15 minutes after start.
import later from '@breejs/later';

/** A schedule text that later.js cannot read, or that never occurs; the message names the key and the text. */
export class ScheduleError extends Error {
  constructor(
    readonly key: string,
    readonly text: string,
    reason: string,
  ) {
    super(`${key}: ${reason}. Examples of valid schedules: "every 15 minutes", "every 1 hour", "every 30 seconds", "at 10:15 am".`);
    this.name = 'ScheduleError';
  }
}

/** A schedule whose first occurrence is further away than this is a mistake (later answers impossible dates
 * like "on the 30th day of February" with a date centuries away). */
const MAX_FIRST_WAIT_MS = 366 * 24 * 3_600_000;

/** later.setTimeout's rule, kept: an occurrence less than a second away is skipped for the one after it. */
const MIN_LEAD_MS = 1000;

export interface TextSchedule {
  readonly text: string;
  /** The first occurrence at least one second after `nowMs`; undefined when the schedule has ended. */
  nextAfter(nowMs: number): number | undefined;
  /** Milliseconds between the next two occurrences after `nowMs` (New Relic `interval.ms`); 0 when unknown. */
  intervalAfter(nowMs: number): number;
}

function toTimes(result: Date[] | Date | 0 | undefined): number[] {
  if (!result) return [];
  return (Array.isArray(result) ? result : [result]).map((d) => d.getTime());
}

/** Parses one later.js text schedule; throws a ScheduleError naming `key` when it is not usable. */
export function parseTextSchedule(text: unknown, key: string, nowMs: number = Date.now()): TextSchedule {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ScheduleError(key, String(text), `expected a later.js text schedule, got ${text === '' ? 'an empty text' : JSON.stringify(text)}`);
  }
  const parsed = later.parse.text(text);
  if (parsed.error !== -1) {
    const rest = text.slice(parsed.error);
    throw new ScheduleError(key, text, `"${text}" is not a later.js text schedule: cannot read it from character ${parsed.error + 1} ("${rest}")`);
  }
  const compiled = later.schedule(parsed);
  const upcoming = (nowMs: number, count: number): number[] =>
    toTimes(compiled.next(count + 1, new Date(nowMs)))
      .filter((t) => t - nowMs >= MIN_LEAD_MS)
      .slice(0, count);
  const first = parsed.schedules.length === 0 ? undefined : upcoming(nowMs, 1)[0];
  if (first === undefined || first - nowMs > MAX_FIRST_WAIT_MS) {
    throw new ScheduleError(key, text, `"${text}" never occurs (not within a year)`);
  }
  return {
    text,
    nextAfter: (now) => upcoming(now, 1)[0],
    intervalAfter: (now) => {
      const [a, b] = upcoming(now, 2);
      return a !== undefined && b !== undefined ? b - a : 0;
    },
  };
}
