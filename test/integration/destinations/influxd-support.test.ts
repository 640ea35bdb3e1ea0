import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startInfluxd } from '../../support/influxd.js';

test('startInfluxd: real influxd 1.x answers queries and stores written points; stop() removes its dir', async (t) => {
  const ix = await startInfluxd();
  if (!ix) return t.skip('influxd not installed');
  try {
    await ix.query('CREATE DATABASE probe');
    const res = await fetch(`${ix.url}/write?db=probe&precision=ns`, { method: 'POST', body: 'm,host=a v=1i 1000000000\nm,host=b v=2i 2000000000' });
    assert.equal(res.status, 204);
    const rows = await ix.rows('SELECT * FROM m ORDER BY time', 'probe');
    assert.deepEqual(rows.map((r) => [r.host, r.v]), [['a', 1], ['b', 2]]);
  } finally {
    await ix.stop();
  }
  assert.equal(existsSync(ix.dir), false);
});

test('startInfluxd({auth, https}): rejects unauthenticated queries and serves TLS', async (t) => {
  const ix = await startInfluxd({ auth: { username: 'admin', password: "pa'ss" }, https: true });
  if (!ix) return t.skip('influxd not installed');
  try {
    assert.match(ix.url, /^https:/);
    assert.ok(ix.certPem?.includes('BEGIN CERTIFICATE'));
    await ix.query('CREATE DATABASE secured');
    const dbs = await ix.rows('SHOW DATABASES');
    assert.ok(dbs.some((r) => r.name === 'secured'));
    const { request, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    const res = await request(`${ix.url}/query?q=SHOW%20DATABASES`, { dispatcher });
    await res.body.dump();
    assert.equal(res.statusCode, 401);
    await dispatcher.close();
  } finally {
    await ix.stop();
  }
});
