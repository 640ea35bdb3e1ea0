// Shared by the OpenTelemetry unit tests: the template config with the destination on, its encoders, and a
// helper that runs one encoder and parses the lines it wrote.
import type { Config } from '../../../../src/config/schema/index.js';
import { openTelemetryDestination } from '../../../../src/destinations/open-telemetry/index.js';
import { isOtlpLine, type OtlpLine } from '../../../../src/destinations/open-telemetry/records.js';
import type { DataKind, PublishedData } from '../../../../src/publish/published-data.js';
import { templateConfig } from '../../../integration/destinations/record-fixtures.js';

export function otelConfig(edit: (c: Config) => void = () => {}): Config {
  return templateConfig((c) => {
    c.openTelemetry.enable = true;
    c.userEvents.enable = true;
    // Every source on and the performance monitor letting every app through: events of every source.
    for (const s of ['engine', 'proxy', 'repository', 'scheduler', 'qixPerf'] as const) c.logEvents.source[s].enable = true;
    c.logEvents.enginePerformanceMonitor.enable = true;
    c.logEvents.enginePerformanceMonitor.monitorFilter.allApps.enable = true;
    edit(c);
  });
}

/** Encodes one datum with the plugin's encoder of its kind; every line must be a valid record. */
export function encode<K extends DataKind>(config: Config, kind: K, datum: PublishedData[K]): OtlpLine[] {
  const encoder = openTelemetryDestination.encoding(config, { appVersion: '1.2.3' }).encoders[kind];
  if (!encoder) throw new Error(`no encoder for ${kind}`);
  const lines: string[] = [];
  encoder(datum, (l) => lines.push(l));
  return lines.map((l) => {
    if (l.includes('\n')) throw new Error('a record must be one line');
    const parsed: unknown = JSON.parse(l);
    if (!isOtlpLine(parsed)) throw new Error(`not a valid record: ${l}`);
    return parsed;
  });
}
