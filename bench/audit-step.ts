// The bench's audit step: the Audit.qs API in this process with the Parquet output in a temp directory, the
// simulator's audit mode posting every event type as fast as `concurrency` allows for a bounded time, then
// every file read back: events/s accepted (202) and how many accepted events are missing from the files.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { AuditService } from '../src/audit/audit-service.js';
import { loadConfigText } from '../src/config/load.js';
import { engineChoice } from '../src/http/start-server.js';
import { silentLogger } from '../src/log/logger.js';
import { auditYaml } from './sim/audit-events.js';
import { runAuditMode } from './sim/audit-mode.js';

export interface AuditStepResult {
  engine: string;
  accepted: number;
  refused: number;
  accepted_per_s: number;
  written_rows: number;
  lost: number;
}

export async function runAuditStep(durationS: number, concurrency = 16): Promise<AuditStepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const yaml = [
    'Butler-SOS:',
    auditYaml(1, [
      '        rateLimit: { enable: false, maxPerMinute: 300 }',
      '        queue:',
      '            messageQueue: { maxConcurrent: 100, maxSize: 10000, backpressureThreshold: 80 }',
      '        destination:',
      '            enable: true',
      '            type: parquet',
      '            parquet:',
      `                metadata: { exportDirectory: ${dir}, maxBatchSize: 10000, writeFrequency: 1000 }`,
    ]),
  ].join('\n');
  const config = loadConfigText(yaml, 'bench-audit.yaml', {}).config;
  config.auditEvents.port = 0 as number;
  const service = await AuditService.start({ config, logger: silentLogger(), engine: engineChoice(), appVersion: '0.1.0', reportError: () => {} });
  const engine = service.engine;
  try {
    const report = await runAuditMode({ host: '127.0.0.1', port: service.port, token: '', rate: 0, durationS, count: 10_000_000, concurrency });
    await service.stop(30_000);
    let rows = 0;
    for (const f of readdirSync(dir)) rows += Number((await parquetMetadataAsync(await asyncBufferFromFile(join(dir, f)))).num_rows);
    const accepted = report.byStatus['202'] ?? 0;
    return { engine, accepted, refused: report.sent - accepted, accepted_per_s: report.acceptedPerS, written_rows: rows, lost: accepted - rows };
  } finally {
    await service.stop(1000);
    rmSync(dir, { recursive: true, force: true });
  }
}
