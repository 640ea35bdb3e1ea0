import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { FileSink } from '../../../src/destinations/file/file-sink.js';
import { fileDestination } from '../../../src/destinations/file/plugin.js';
import type { FileDestinationConfig } from '../../../src/destinations/file/options.js';
import { SinkWriteError } from '../../../src/destinations/sink-error.js';
import type { SinkBatch } from '../../../src/destinations/sink.js';
import { DestinationDelivery } from '../../../src/destinations/delivery/destination-delivery.js';
import { deliveryOptions } from '../../../src/destinations/delivery/options.js';
import { fileName, utcDay } from '../../../src/destinations/file/file-name.js';
import { importHeader } from '../../../src/destinations/file/import-header.js';
import { FakeClock } from './fake-clock.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsos-file-sink-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function config(directory: string, extra: Partial<FileDestinationConfig> = {}): FileDestinationConfig {
  return { enable: true, directory, influxVersion: 1, maxFileBytes: 1024 * 1024, maxFiles: 30, ...extra };
}

function batch(...lines: string[]): SinkBatch {
  return { module: 'LOG_EVENTS', body: Buffer.from(lines.map((l) => l + '\n').join('')), lines: lines.length, serverName: '' };
}

// Every file starts with the `influx -import` header; the database defaults to Butler SOS's `senseops`.
const HEADER = '# DML\n# CONTEXT-DATABASE: senseops\n';
const files = (dir: string): string[] => readdirSync(dir).sort();
const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
/** A file's content after its header, which must be there. */
const body = (text: string): string => {
  assert.ok(text.startsWith(HEADER), `file starts with the import header: ${JSON.stringify(text.slice(0, 60))}`);
  return text.slice(HEADER.length);
};

test('file sink rotates when the next write would pass maxFileBytes; no record is split or lost', async (t) => {
  const dir = tempDir(t);
  const clock = new FakeClock(Date.UTC(2024, 4, 6, 12));
  // Room for the header and two 40-byte lines per file.
  const sink = new FileSink(config(dir, { maxFileBytes: HEADER.length + 80 }), { logger: silentLogger(), clock });
  await sink.start();
  const written: string[] = [];
  for (let i = 0; i < 10; i++) {
    const line = `m,k=a v=${i}i ${1000 + i}`.padEnd(39, ' '); // 40 bytes with the newline
    written.push(line);
    await sink.write(batch(line));
  }
  await sink.stop();
  assert.deepEqual(files(dir), ['butler-sos-2024-05-06-001.lp', 'butler-sos-2024-05-06-002.lp', 'butler-sos-2024-05-06-003.lp', 'butler-sos-2024-05-06-004.lp', 'butler-sos-2024-05-06-005.lp']);
  for (const f of files(dir)) assert.equal(body(read(dir, f)).length, 80, f);
  assert.deepEqual(files(dir).flatMap((f) => body(read(dir, f)).split('\n').filter(Boolean)), written);
});

test('file sink starts a new file at UTC midnight, numbering from 001 again', async (t) => {
  const dir = tempDir(t);
  const clock = new FakeClock(Date.UTC(2024, 11, 31, 23, 59, 59, 900));
  const sink = new FileSink(config(dir), { logger: silentLogger(), clock });
  await sink.start();
  await sink.write(batch('m v=1i 1'));
  clock.set(Date.UTC(2025, 0, 1, 0, 0, 0, 1));
  await sink.write(batch('m v=2i 2'));
  await sink.stop();
  assert.deepEqual(files(dir), ['butler-sos-2024-12-31-001.lp', 'butler-sos-2025-01-01-001.lp']);
  assert.equal(read(dir, 'butler-sos-2025-01-01-001.lp'), `${HEADER}m v=2i 2\n`);
});

test('file sink keeps only maxFiles files, deleting the oldest; foreign files are untouched', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'notes.txt'), 'keep me');
  const clock = new FakeClock(Date.UTC(2024, 0, 1, 10));
  const sink = new FileSink(config(dir, { maxFiles: 3, maxFileBytes: 1024 }), { logger: silentLogger(), clock });
  await sink.start();
  for (let day = 1; day <= 5; day++) {
    clock.set(Date.UTC(2024, 0, day, 10));
    await sink.write(batch(`m v=${day}i ${day}`));
  }
  await sink.stop();
  assert.deepEqual(files(dir), ['butler-sos-2024-01-03-001.lp', 'butler-sos-2024-01-04-001.lp', 'butler-sos-2024-01-05-001.lp', 'notes.txt']);
});

test('file sink continues the newest file of the day after a restart while it has room', async (t) => {
  const dir = tempDir(t);
  const clock = new FakeClock(Date.UTC(2024, 2, 3, 8));
  for (const v of [1, 2]) {
    const sink = new FileSink(config(dir), { logger: silentLogger(), clock });
    await sink.start();
    await sink.write(batch(`m v=${v}i ${v}`));
    await sink.stop();
  }
  assert.deepEqual(files(dir), ['butler-sos-2024-03-03-001.lp']);
  assert.equal(read(dir, 'butler-sos-2024-03-03-001.lp'), `${HEADER}m v=1i 1\nm v=2i 2\n`, 'one header: the continued file gets none');
});

test('file sink: an unusable directory is a clear config error naming the path; health recovers when fixed', async (t) => {
  const root = tempDir(t);
  const dir = join(root, 'lp');
  writeFileSync(dir, 'a file where the directory should be');
  const sink = new FileSink(config(dir), { logger: silentLogger() });
  await sink.start(); // does not throw
  assert.equal(sink.health().up, false);
  assert.ok(sink.health().reason.includes(dir), sink.health().reason);
  let err: unknown;
  await sink.write(batch('m v=1i 1')).catch((e: unknown) => (err = e));
  assert.ok(err instanceof SinkWriteError);
  assert.equal(err.kind, 'config');
  assert.ok(err.message.includes(dir), err.message);
  unlinkSync(dir);
  await sink.write(batch('m v=2i 2'));
  assert.equal(sink.health().up, true);
  await sink.stop();
  assert.equal(readFileSync(join(dir, files(dir)[0]), 'utf8'), `${HEADER}m v=2i 2\n`);
});

test('file sink: a full disk (ENOSPC) is retryable, names the file, is counted by delivery, and the data lands once space is back', async (t) => {
  const dir = tempDir(t);
  // Real clock: the sink does real file I/O, so time must pass for real too.
  const full = join(dir, fileName({ day: utcDay(Date.now()), index: 1 }));
  symlinkSync('/dev/full', full);
  const sink = new FileSink(config(dir), { logger: silentLogger() });
  let err: unknown;
  await sink.write(batch('m v=1i 1')).catch((e: unknown) => (err = e));
  assert.ok(err instanceof SinkWriteError);
  assert.equal(err.kind, 'retryable');
  assert.equal(err.details.code, 'ENOSPC');
  assert.ok(err.message.includes(full), err.message);

  const delivery = new DestinationDelivery(sink, deliveryOptions({ flushIntervalMs: 0, backoff: { initialMs: 10, maxMs: 10 } }), { logger: silentLogger() });
  delivery.accept({ t: 'batch', origin: 'parse', dest: 'file', module: 'USER_EVENTS', count: 2, body: Buffer.from('u v=1i 1\nu v=2i 2\n') });
  await until(() => delivery.stats().retries >= 2);
  const failing = delivery.stats();
  assert.equal(failing.failedBatches, 1);
  assert.equal(failing.up, false);
  assert.equal(failing.writtenLines, 0);
  unlinkSync(full);
  assert.equal(await delivery.flush(3000), true);
  await delivery.stop(1000);
  assert.equal(delivery.stats().writtenLines, 2);
  assert.equal(delivery.stats().up, true);
  assert.equal(readFileSync(full, 'utf8'), `${HEADER}u v=1i 1\nu v=2i 2\n`);
});

test('file sink: the header names the database the collector writes to (v1 dbName, v2 bucket, v3 database)', async (t) => {
  for (const [influxdbConfig, db] of [
    [{ version: 1, v1Config: { dbName: 'butlersos_prod' } }, 'butlersos_prod'],
    [{ version: 2, v2Config: { bucket: 'sense-bucket' } }, 'sense-bucket'],
    [{ version: 3, v3Config: { database: 'sense3' } }, 'sense3'],
    [undefined, 'senseops'],
  ] as const) {
    const dir = tempDir(t);
    const config = { fileDestination: { enable: true, directory: dir, influxVersion: 1, maxFileBytes: 1024 * 1024, maxFiles: 30 }, influxdbConfig } as never;
    const { sink } = await fileDestination.create(config, { logger: silentLogger(), clock: new FakeClock(Date.UTC(2024, 0, 1)) });
    await sink.start();
    await sink.write(batch('m v=1i 1'));
    await sink.stop();
    assert.equal(read(dir, files(dir)[0]), `${importHeader(db)}m v=1i 1\n`);
    assert.equal(importHeader(db), `# DML\n# CONTEXT-DATABASE: ${db}\n`);
  }
});

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
