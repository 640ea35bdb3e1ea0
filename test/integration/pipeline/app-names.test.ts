// App names reach the Piscina parse workers whatever the start order: the supervisor's relay keeps the latest
// app list; a worker that starts after the list arrived (pool start, or a replacement for a crashed worker)
// asks for it, and a task dispatched after a change is parsed with the new list. Real pool, real ring, real
// worker file; the batches are heard on the writer channels the way a writer thread hears them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BroadcastChannel } from 'node:worker_threads';
import { parse } from 'yaml';
import { loadConfigText } from '../../../src/config/load.js';
import { SocketKind } from '../../../src/ingest/ring-layout.js';
import { RingWriter } from '../../../src/ingest/ring-writer.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AppNamesRelay } from '../../../src/pipeline/app-names/app-names-relay.js';
import { createParseSlotTable } from '../../../src/pipeline/parse/parse-slots.js';
import { ParsePool } from '../../../src/pipeline/parse/parse-pool.js';
import { destinationRoutes } from '../../../src/destinations/routes.js';
import { channelNames, writerProducers } from '../../../src/threads/channels.js';
import type { BatchMessage } from '../../../src/threads/messages.js';
import { fixturePath, repoRoot } from '../../support/paths.js';
import { datagramsOf } from '../../support/udp.js';

const APP_ID = 'e7af59a0-c243-480d-9571-08727551a66f';
const userDatagram = datagramsOf(fixturePath('spec', 'udp', 'user-events-constructed.txt')).find((d) => d.includes(`/app/${APP_ID}`) && d.includes('Start session'))!;

function parseConfig() {
  const base = parse(readFileSync(`${repoRoot()}/config/default.yaml`, 'utf8'))['Butler-SOS'];
  base.fileDestination.enable = true;
  return loadConfigText(JSON.stringify({ 'Butler-SOS': base }), 'app-names test', {}).config;
}

test('parse workers get the app list at start, after a list change and after a crash replacement', { timeout: 60_000 }, async () => {
  const instanceId = `app-names-${process.pid}`;
  const names = channelNames(instanceId);
  const config = parseConfig();
  const slots = 8;
  const userLines: string[] = [];
  const listeners = writerProducers(slots).map((p) => {
    const c = new BroadcastChannel(names.writer(0, p));
    c.onmessage = (e) => {
      const b = (e as unknown as { data: BatchMessage }).data;
      if (b.module === 'USER_EVENTS') userLines.push(...Buffer.from(b.body).toString('utf8').split('\n'));
    };
    return c;
  });
  const relay = new AppNamesRelay(instanceId, silentLogger());
  // The list is known before any parse worker exists: the case Butler SOS's start order always produces.
  relay.update({ t: 'app-list', apps: [[APP_ID, 'Sales_Dashboard']] });
  const ring = RingWriter.create(1 << 16, SocketKind.USER);
  const pool = new ParsePool(
    2,
    { instanceId, config, logLevel: 'error', logFormat: 'json', routes: destinationRoutes(config, 1), writerCount: 1, parseSlots: slots, parseSlotTable: createParseSlotTable(slots), rings: { [ring.id]: { sab: ring.sab, socket: 'user' } } },
    undefined,
    () => relay.version,
  );
  const parseOne = async (): Promise<string> => {
    const before = userLines.length;
    ring.write(Buffer.from(userDatagram), 0x7f000001, 4000);
    const slice = ring.closeSlice()!;
    await pool.run({ ring: slice.ring, start: slice.start, end: slice.end, count: slice.count });
    ring.release(slice);
    const deadline = Date.now() + 5_000;
    while (userLines.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const line = userLines.slice(before).find((l) => l.startsWith('user_events,'));
    assert.ok(line, 'a user_events point was posted to the writer');
    return line;
  };
  try {
    assert.match(await parseOne(), /,appName=Sales_Dashboard[, ]/, 'a worker started after the list arrived has it');

    relay.update({ t: 'app-list', apps: [[APP_ID, 'Sales_Dashboard_v2']] });
    for (let i = 0; i < 4; i++) assert.match(await parseOne(), /,appName=Sales_Dashboard_v2[, ]/, 'every task after the change uses the new list');

    const original = pool.threadIds;
    for (const id of original) await pool.terminateWorker(id);
    const deadline = Date.now() + 10_000;
    while (pool.threadIds.filter((id) => !original.includes(id)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(pool.threadIds.filter((id) => !original.includes(id)).length, 2, 'Piscina replaced both workers');
    for (let i = 0; i < 4; i++) assert.match(await parseOne(), /,appName=Sales_Dashboard_v2[, ]/, 'a replacement worker has the latest list');
  } finally {
    await pool.destroy();
    relay.close();
    for (const c of listeners) c.close();
  }
});
