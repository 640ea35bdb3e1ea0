import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipFor, isLoopbackHost } from '../../../../src/destinations/influxdb/gzip-default.js';

test('loopback hosts are recognised; everything else is remote', () => {
  for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['influx.lan', '10.0.0.5', '192.168.1.10', '128.0.0.1', 'localhost.example.com', '']) assert.equal(isLoopbackHost(h), false, h);
});

test('gzip: explicit setting wins; default compresses only for remote hosts', () => {
  assert.equal(gzipFor('127.0.0.1', undefined), false);
  assert.equal(gzipFor('influx.lan', undefined), true);
  assert.equal(gzipFor('127.0.0.1', true), true);
  assert.equal(gzipFor('influx.lan', false), false);
});
