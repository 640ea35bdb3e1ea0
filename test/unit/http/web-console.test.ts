import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, COOKIE } from '../../../src/http/web-console/access-token.js';
import { MASK, obfuscateConfig } from '../../../src/http/web-console/obfuscate.js';
import { RateLimiter } from '../../../src/http/client-rate-limit.js';
import { requestInfo } from '../../../src/http/dispatch.js';

test('obfuscate: secret-looking keys lose their subtree at any depth; listed values are masked fully or partly', () => {
  const config = {
    influxdbConfig: {
      host: 'influx.example.com',
      v1Config: { auth: { username: 'writer', password: 'pw1' } },
      v2Config: { org: 'acme', bucket: 'qlik', token: 'tok' },
      v3Config: { database: 'qlik', token: 'tok3' },
    },
    nested: { deeper: { API_KEY: 'k', clientSecret: { a: 1 }, 'access-key': 'x', passwd: 'p', pwd: 'q', myPassphrase: 'pp', apiToken: 't' } },
    newRelic: { event: { header: [{ name: 'X-A', value: 'secret-a' }] }, metric: { header: [{ name: 'X-B', value: 'secret-b' }] } },
    serversToMonitor: { servers: [{ host: 'sense1.lab:4747', serverName: 'sense1', headers: { 'X-C': 'secret-c' }, userSessions: { host: 'sense1.lab:4243', virtualProxies: [{ virtualProxy: '/finance' }] } }] },
    logEvents: { enginePerformanceMonitor: { monitorFilter: { appSpecific: { app: [{ include: [{ appId: 'd7cf16f9-6a95', appName: 'Budget 2025' }] }] } } }, sendToMQTT: { baseTopic: 'qliksense/logevent' } },
    heartbeat: { remoteURL: 'http://monitor.example.com/ping' },
    cert: { clientCert: './certs/client.pem', clientCertPassphrase: 'pass' },
    thirdPartyToolsCredentials: { newRelic: [{ accountName: 'main', insertApiKey: 'NRII', accountId: 1234567 }] },
    configVisualisation: { host: 'localhost', port: 3100 },
  };
  const copy = structuredClone(config);
  const out = obfuscateConfig(config) as typeof config;
  assert.deepEqual(config, copy, 'input untouched');
  assert.equal(out.influxdbConfig.v1Config.auth.password, MASK);
  assert.equal(out.influxdbConfig.v2Config.token, MASK);
  assert.equal(out.influxdbConfig.v3Config.token, MASK);
  assert.equal(out.influxdbConfig.v3Config.database, 'qlik', 'database names stay clear');
  assert.deepEqual(out.nested.deeper, { API_KEY: MASK, clientSecret: MASK, 'access-key': MASK, passwd: MASK, pwd: MASK, myPassphrase: MASK, apiToken: MASK });
  assert.deepEqual(out.newRelic.event.header, [{ name: 'X-A', value: MASK }]);
  assert.deepEqual(out.newRelic.metric.header, [{ name: 'X-B', value: MASK }]);
  assert.deepEqual(out.serversToMonitor.servers[0].headers, { 'X-C': MASK });
  assert.equal(out.influxdbConfig.host, `inf${MASK}`);
  assert.equal(out.influxdbConfig.v1Config.auth.username, `wri${MASK}`);
  assert.equal(out.influxdbConfig.v2Config.org, `acm${MASK}`);
  assert.equal(out.influxdbConfig.v2Config.bucket, `qli${MASK}`);
  assert.equal(out.serversToMonitor.servers[0].host, `sen${MASK}`);
  assert.equal(out.serversToMonitor.servers[0].serverName, 'sense1');
  assert.equal(out.serversToMonitor.servers[0].userSessions.host, `sen${MASK}`);
  assert.equal(out.serversToMonitor.servers[0].userSessions.virtualProxies[0].virtualProxy, `/fi${MASK}`);
  assert.deepEqual(out.logEvents.enginePerformanceMonitor.monitorFilter.appSpecific.app[0].include[0], { appId: `d7cf1${MASK}`, appName: `Budge${MASK}` });
  assert.equal(out.logEvents.sendToMQTT.baseTopic, `qliksense/${MASK}`);
  assert.equal(out.heartbeat.remoteURL, `http://mon${MASK}`);
  assert.equal(out.cert.clientCert, `./certs/cl${MASK}`);
  assert.equal(out.cert.clientCertPassphrase, MASK);
  assert.deepEqual(out.thirdPartyToolsCredentials.newRelic[0], { accountName: 'main', insertApiKey: MASK, accountId: `123${MASK}` });
  assert.deepEqual(out.configVisualisation, { host: `loc${MASK}`, port: 3100 });
});

test('rate limit: 300 requests a minute per client, the 301st refused (first refusal flagged once), a new window after a minute', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter(300, 60_000, () => now);
  for (let i = 0; i < 300; i++) assert.equal(limiter.take('10.0.0.1').allowed, true);
  const refused = limiter.take('10.0.0.1');
  assert.deepEqual(refused, { allowed: false, resetSeconds: 60, remaining: 0, firstRefusal: true });
  assert.equal(limiter.take('10.0.0.1').firstRefusal, false);
  assert.equal(limiter.take('10.0.0.2').allowed, true, 'other clients have their own budget');
  now += 30_000;
  assert.equal(limiter.take('10.0.0.1').resetSeconds, 30);
  now += 30_000;
  assert.equal(limiter.take('10.0.0.1').allowed, true);
});

test('access token: open without one; Bearer, the login cookie or ?token= (login) with one; anything else denied', () => {
  const req = (headers: { cookie?: string; authorization?: string }, url = '/') =>
    requestInfo('GET', url, (name) => (headers as Record<string, string>)[name] ?? '', '127.0.0.1');
  assert.equal(new AccessToken('').check(req({})), 'open');
  const token = new AccessToken('s3cret');
  assert.equal(token.check(req({})), 'denied');
  assert.equal(token.check(req({ authorization: 'Bearer s3cret' })), 'ok');
  assert.equal(token.check(req({ authorization: 'Bearer wrong' })), 'denied');
  assert.equal(token.check(req({}, '/live?token=s3cret')), 'login');
  assert.equal(token.check(req({}, '/live?token=s3cre')), 'denied');
  const cookie = token.cookie();
  assert.match(cookie, new RegExp(`^${COOKIE}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/$`));
  assert.ok(!cookie.includes('s3cret'), 'the cookie holds a hash, not the token');
  assert.equal(token.check(req({ cookie: `other=1; ${cookie.split(';')[0]}` })), 'ok');
  assert.equal(token.check(req({ cookie: `${COOKIE}=${'0'.repeat(64)}` })), 'denied');
});
