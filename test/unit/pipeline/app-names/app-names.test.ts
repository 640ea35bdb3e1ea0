// The supervisor's app-list relay and a parse worker's view of it, over a real BroadcastChannel in one thread.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BroadcastChannel } from 'node:worker_threads';
import { silentLogger } from '../../../../src/log/logger.js';
import { AppNamesRelay } from '../../../../src/pipeline/app-names/app-names-relay.js';
import { AppNamesView } from '../../../../src/pipeline/app-names/app-names-view.js';
import { channelNames } from '../../../../src/threads/channels.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

test('a view created after the list arrived asks for it and gets it', async () => {
  const relay = new AppNamesRelay('unit-late', silentLogger());
  relay.update({ t: 'app-list', apps: [['a1', 'Sales']] });
  const view = new AppNamesView('unit-late', silentLogger());
  try {
    await view.until(relay.version, 2000);
    assert.equal(view.lookup('a1'), 'Sales');
    assert.equal(view.version, 1);
  } finally {
    view.close();
    relay.close();
  }
});

test('an unchanged list (a restarted poller) keeps the version; a changed one bumps it and reaches the view', async () => {
  const relay = new AppNamesRelay('unit-change', silentLogger());
  const view = new AppNamesView('unit-change', silentLogger());
  try {
    relay.update({ t: 'app-list', apps: [['a1', 'Sales']] });
    relay.update({ t: 'app-list', apps: [['a1', 'Sales']] });
    assert.equal(relay.version, 1);
    relay.update({ t: 'app-list', apps: [['a1', 'Sales'], ['a2', 'HR']] });
    assert.equal(relay.version, 2);
    await view.until(2, 2000);
    assert.equal(view.lookup('a2'), 'HR');
  } finally {
    view.close();
    relay.close();
  }
});

test('an older version arriving late does not roll the view back', async () => {
  const names = channelNames('unit-order');
  const sender = new BroadcastChannel(names.appNames);
  const view = new AppNamesView('unit-order', silentLogger());
  try {
    sender.postMessage({ t: 'app-names', version: 3, apps: [['a1', 'New name']] });
    sender.postMessage({ t: 'app-names', version: 2, apps: [['a1', 'Old name']] });
    await tick();
    assert.equal(view.version, 3);
    assert.equal(view.lookup('a1'), 'New name');
  } finally {
    view.close();
    sender.close();
  }
});

test('a task waits for a version that never comes only until the timeout', async () => {
  const view = new AppNamesView('unit-timeout', silentLogger());
  try {
    assert.equal(view.until(0), undefined, 'no wait when nothing is needed');
    const started = Date.now();
    await view.until(1, 100);
    assert.ok(Date.now() - started >= 90);
    assert.equal(view.lookup('a1'), undefined);
  } finally {
    view.close();
  }
});
