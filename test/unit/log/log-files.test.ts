// The log files' layout and retention: pino-roll run in this process with the options the collector passes
// (logFileRollOptions), the clock moved by a day with node:test's mock timers, so a real daily roll and its
// pruning happen without waiting a day.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLine } from '../../../src/log/file-line.js';
import { LOG_FILES_KEPT, logDirectoryPath, logFileRollOptions } from '../../../src/log/log-files.js';

interface RollStream {
  fd: number;
  write(s: string): void;
  flush(cb: (err?: Error) => void): void;
  once(event: string, f: () => void): void;
  end(): void;
}
const pinoRoll = createRequire(import.meta.url)('pino-roll') as (o: Record<string, unknown>) => Promise<RollStream>;

const day = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

test('file lines: Butler SOS layout "<time> <level>: <message>", thread in brackets, fields as JSON', () => {
  const json = JSON.stringify({ level: 'warn', time: '2026-12-02T10:00:00.000Z', pid: 1, name: 'writer-0', destination: 'file', msg: 'Destination down.\nretrying' });
  assert.equal(fileLine(`${json}\n`), '2026-12-02T10:00:00.000Z warn: [writer-0] Destination down. retrying {"destination":"file"}\n');
  const bare = JSON.stringify({ level: 'info', time: '2026-12-02T10:00:00.000Z', pid: 1, name: 'main', msg: 'Butler SOS is ready' });
  assert.equal(fileLine(bare), '2026-12-02T10:00:00.000Z info: [main] Butler SOS is ready\n');
});

test('logDirectory is relative to the working directory; an absolute one is kept', () => {
  assert.equal(logDirectoryPath({ logDirectory: 'log' }, '/srv/butler'), '/srv/butler/log');
  assert.equal(logDirectoryPath({ logDirectory: '/var/log/butler-sos' }, '/srv/butler'), '/var/log/butler-sos');
});

test(`retention: at the daily roll only the newest ${LOG_FILES_KEPT} log files stay, earlier runs' files included`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-logroll-'));
  const start = new Date(2026, 11, 2, 10, 0, 0); // local time, as the file names
  const daysBefore = (n: number): Date => new Date(start.getFullYear(), start.getMonth(), start.getDate() - n, 12);
  // 40 files from earlier runs, one per day, plus a file of another application that must survive.
  for (let n = 1; n <= 40; n++) writeFileSync(join(dir, `butler-sos.${day(daysBefore(n))}.1.log`), `old ${n}\n`);
  writeFileSync(join(dir, 'other-app.log'), 'keep\n');
  mock.timers.enable({ apis: ['Date', 'setTimeout'], now: start.getTime() });
  try {
    const stream = await pinoRoll(logFileRollOptions(dir));
    // A day of logging: today's file exists on disk before the roll, as it would after hours of running.
    await new Promise<void>((resolve) => (stream.fd >= 0 ? resolve() : stream.once('ready', resolve)));
    stream.write('today\n');
    await new Promise<void>((resolve, reject) => stream.flush((err?: Error) => (err ? reject(err) : resolve())));
    const pruned = new Promise<void>((resolve) => stream.once('cleanup-complete', resolve));
    mock.timers.tick(24 * 3600 * 1000);
    await pruned;
    stream.write('tomorrow\n');
    const tomorrow = join(dir, `butler-sos.${day(daysBefore(-1))}.1.log`);
    await new Promise<void>((resolve) => {
      stream.once('close', resolve);
      stream.end();
    });
    const files = readdirSync(dir).filter((f) => f.startsWith('butler-sos.'));
    // Guaranteed: the new day's file, today's, and the 28 days before it; everything older than 29 days is
    // gone. The 29th day before stays only when the new file did not exist yet when pino-roll listed the
    // folder (the two run concurrently), so the folder holds 30 or, until the next roll, 31 files.
    const expected = [tomorrow, join(dir, `butler-sos.${day(start)}.1.log`)];
    for (let n = 1; n <= 28; n++) expected.push(join(dir, `butler-sos.${day(daysBefore(n))}.1.log`));
    for (const f of expected) assert.ok(existsSync(f), `kept: ${f}`);
    for (let n = 30; n <= 40; n++) assert.ok(!existsSync(join(dir, `butler-sos.${day(daysBefore(n))}.1.log`)), `pruned: ${n} days old`);
    assert.ok(files.length === LOG_FILES_KEPT || files.length === LOG_FILES_KEPT + 1, `files: ${files.length}`);
    assert.ok(existsSync(join(dir, 'other-app.log')), 'other files are not touched');
    assert.match(readFileSync(join(dir, `butler-sos.${day(start)}.1.log`), 'utf8'), /today/);
    assert.match(readFileSync(tomorrow, 'utf8'), /tomorrow/);
  } finally {
    mock.timers.reset();
    rmSync(dir, { recursive: true, force: true });
  }
});
