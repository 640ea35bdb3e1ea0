import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { FileSink } from '../../../src/destinations/file/file-sink.js';
import { fileName, utcDay } from '../../../src/destinations/file/file-name.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';

// Disk full is real: today's file is a symlink to /dev/full, whose writes fail with ENOSPC.
runDestinationCompliance({
  name: 'file destination (temp dir; disk full via /dev/full)',
  async setup() {
    const root = mkdtempSync(join(tmpdir(), 'bsos-file-dest-'));
    const dir = join(root, 'lp');
    const makeSink = (): FileSink => new FileSink({ enable: true, directory: dir, influxVersion: 1, maxFileBytes: 1024 * 1024, maxFiles: 10 }, { logger: silentLogger() });
    const sink = makeSink();
    const fullLink = (): string => join(dir, fileName({ day: utcDay(Date.now()), index: 1 }));
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: false,
      async stored() {
        const files = readdirSync(dir).filter((f) => f.endsWith('.lp')).sort();
        return files.flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== ''));
      },
      outage: {
        async begin() {
          symlinkSync('/dev/full', fullLink());
        },
        async end() {
          unlinkSync(fullLink());
        },
      },
      async teardown() {
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
});
