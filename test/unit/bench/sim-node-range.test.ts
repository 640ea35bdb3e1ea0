import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, restrictNodes } from '../../../bench/sim/cluster.js';
import { buildDatagramPools } from '../../../bench/sim/datagram-pool.js';
import { renderTemplate } from '../../../bench/sim/datagram-template.js';

// `--node-range`: one collector's share of a larger cluster sends only from its own nodes.

test('restrictNodes: only the range sends; sessions move onto it; central work stays central or falls to the range', () => {
  const cluster = createCluster({ nodes: 12, seed: 'range' });
  const first = restrictNodes(cluster, 1, 4);
  assert.deepEqual(first.nodes.map((n) => n.name), ['sense1', 'sense2', 'sense3', 'sense4']);
  assert.equal(first.central.name, 'sense1');
  const middle = restrictNodes(cluster, 5, 8);
  assert.equal(middle.central.name, 'sense5');
  assert.equal(middle.apps, cluster.apps, 'same apps as the whole cluster');
  assert.ok(middle.sessions.every((s) => ['sense5', 'sense6', 'sense7', 'sense8'].includes(s.node.name)));
  assert.throws(() => restrictNodes(cluster, 13, 14), /holds none of the cluster's 12 nodes/);

  const pools = buildDatagramPools(middle, { runId: 5, size: 64 }, ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf', 'user']);
  const hosts = new Set<string>();
  for (const [source, pool] of pools) {
    for (const t of pool) {
      const fields = renderTemplate(t, 0, Date.now(), middle.utcOffsetMinutes).split(';');
      hosts.add(source === 'user' ? fields[1] : fields[5]);
    }
  }
  assert.deepEqual([...hosts].sort(), ['sense5', 'sense6', 'sense7', 'sense8']);
});
