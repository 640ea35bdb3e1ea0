import { pino } from 'pino';
import type { AppLogger } from '../../../src/log/logger.js';
import type { Clock } from '../../../src/clock.js';

// Test doubles for the error tracker: a logger that keeps every line, and a clock whose time only moves when
// the test says so, firing due timers in order.

export interface LogLine {
  level: string;
  msg: string;
}

export function captureLogger(level: 'debug' | 'info' = 'debug'): { logger: AppLogger; lines: LogLine[]; messages(level?: string): string[] } {
  const lines: LogLine[] = [];
  const stream = {
    write(chunk: string) {
      const o = JSON.parse(chunk) as { level: string; msg: string };
      lines.push({ level: o.level, msg: o.msg });
    },
  };
  const logger = pino<'verbose' | 'silly'>(
    { level, customLevels: { verbose: 25, silly: 5 }, formatters: { level: (label) => ({ level: label }) } },
    stream,
  );
  return { logger, lines, messages: (lv) => lines.filter((l) => lv === undefined || l.level === lv).map((l) => l.msg) };
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;
  constructor(public time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing timers as their time comes (bounded, so a runaway reschedule fails the test). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let fired = 0; fired < 100_000; fired++) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }

  /** Jumps the wall clock without firing timers: what a machine that slept sees on waking. */
  jump(ms: number): void {
    this.time += ms;
    for (const t of this.timers) t.at += ms;
  }
}
