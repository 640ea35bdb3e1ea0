// `npm run sim` tells a script whether its datagrams were delivered: exit 1 with a stderr line when nothing
// listens (ICMP port unreachable → ECONNREFUSED on the connected sockets), exit 0 when both ports listen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { freeUdpPort } from '../../support/udp.js';
import { runToExit, type ProcessRun } from '../../support/run-to-exit.js';

const SIM = join(repoRoot(), 'dist', 'bench', 'sim', 'cli.js');

function runSim(logPort: number, userPort: number, count: number): Promise<ProcessRun> {
  return runToExit([SIM, '--log-port', String(logPort), '--user-port', String(userPort), '--count', String(count), '--duration', '5', '--rate', '500']);
}

async function listen(port: number): Promise<{ socket: Socket; received: () => number }> {
  const socket = createSocket('udp4');
  let n = 0;
  socket.on('message', () => n++);
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return { socket, received: () => n };
}

test('sim: nothing listening → exit 1 and a stderr line naming the refusal', async () => {
  const [logPort, userPort] = [await freeUdpPort(), await freeUdpPort()];
  for (const count of [1, 200]) {
    const run = await runSim(logPort, userPort, count);
    assert.equal(run.code, 1, `count ${count}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /^sim: \d+ send error\(s\), first: 127\.0\.0\.1:\d+: \S* ?ECONNREFUSED; not every datagram was delivered\.$/m);
  }
});

test('sim: both ports listening → exit 0, every datagram arrives', async () => {
  const [log, user] = [await listen(await freeUdpPort()), await listen(await freeUdpPort())];
  try {
    const run = await runSim(log.socket.address().port, user.socket.address().port, 200);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /socket errors: 0/);
    assert.equal(run.stderr, '');
    assert.equal(log.received() + user.received(), 200);
  } finally {
    log.socket.close();
    user.socket.close();
  }
});
