// Start-up checks of the operational settings, as text problems for the config verifier (--check-config):
// the same checks the uptime monitor and the heartbeat make when they are built, without starting them.
import type { Config } from '../config/schema/index.js';
import { Heartbeat } from './heartbeat.js';
import { parseTextSchedule } from './schedule.js';
import { silentLogger } from '../log/logger.js';

/** One line per problem, each naming the key; empty when the enabled features can start. */
export function opsConfigProblems(config: Pick<Config, 'uptimeMonitor' | 'heartbeat'>): string[] {
  const problems: string[] = [];
  const check = (f: () => unknown): void => {
    try {
      f();
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  };
  if (config.uptimeMonitor.enable === true) check(() => parseTextSchedule(config.uptimeMonitor.frequency, 'uptimeMonitor.frequency'));
  // Building a Heartbeat checks the URL and the schedule; it is not started.
  if (config.heartbeat.enable === true) check(() => new Heartbeat(config, { logger: silentLogger() }));
  return problems;
}

/**
 * Butler SOS v15 refuses to start when `anonTelemetry` is true and `systemInfo.enable` is false (telemetry
 * needed the host details). This edition sends no telemetry, so the combination only earns a warning.
 */
export function opsConfigWarnings(config: Pick<Config, 'anonTelemetry' | 'systemInfo'>): string[] {
  if (config.anonTelemetry !== true || config.systemInfo.enable === true) return [];
  return [
    'anonTelemetry: true requires systemInfo.enable: true in Butler SOS v15, which does not start with this combination; ' +
      'this edition sends no telemetry and starts anyway. Set anonTelemetry to false to keep the file valid for Butler SOS.',
  ];
}
