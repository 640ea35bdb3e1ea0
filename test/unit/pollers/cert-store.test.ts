import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { encryptKeyPem, generatePki, issueClientCert, writeClientCertFiles, type Pki } from '../../../bench/sim/qlik-api/pki.js';
import { CertStore } from '../../../src/pollers/cert-store.js';

let pki: Pki;
let dir: string;

before(() => {
  pki = generatePki();
  dir = mkdtempSync(join(tmpdir(), 'cert-store-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = (files: { clientCert: string; clientCertKey: string; clientCertCA: string }, passphrase: string | null = null) => ({
  cert: { ...files, clientCertPassphrase: passphrase },
});

test('a missing certificate file is a start-up error naming the key and the file', () => {
  const files = writeClientCertFiles(join(dir, 'missing'), pki.client, pki.ca.certPem);
  const absent = join(dir, 'missing', 'nope.pem');
  assert.throws(() => new CertStore(cert({ ...files, clientCertKey: absent }), dir), (err: Error) => {
    assert.match(err.message, /^cert\.clientCertKey: cannot read certificate file ".*nope\.pem": ENOENT/);
    return true;
  });
  assert.throws(() => new CertStore(cert({ ...files, clientCertCA: '' }), dir), /cert\.clientCertCA: no certificate file configured/);
});

test('relative paths resolve against the base directory', () => {
  const files = writeClientCertFiles(join(dir, 'rel'), pki.client, pki.ca.certPem);
  const rel = { clientCert: relative(dir, files.clientCert), clientCertKey: relative(dir, files.clientCertKey), clientCertCA: relative(dir, files.clientCertCA) };
  const store = new CertStore(cert(rel), dir);
  assert.deepEqual(store.paths(), [files.clientCert, files.clientCertKey, files.clientCertCA]);
});

test('an encrypted key needs the right passphrase, checked at start', () => {
  const encrypted = encryptKeyPem(pki.client.keyPem, 's3cret');
  const files = writeClientCertFiles(join(dir, 'enc'), pki.client, pki.ca.certPem, encrypted);
  assert.doesNotThrow(() => new CertStore(cert(files, 's3cret'), dir));
  assert.throws(() => new CertStore(cert(files, 'wrong'), dir), /cert: the client certificate files .* are not usable/);
});

test('refresh reloads changed files and keeps the old material when the new files do not fit', async () => {
  const files = writeClientCertFiles(join(dir, 'rot'), pki.client, pki.ca.certPem);
  const store = new CertStore(cert(files), dir);
  assert.equal(await store.refresh(), false, 'unchanged files are not re-read');
  const first = store.current();
  const next = issueClientCert(pki, 'Next');
  writeFileSync(files.clientCert, next.certPem); // key not yet replaced: cert and key do not match
  await assert.rejects(store.refresh(), /not usable/);
  assert.equal(store.current(), first, 'previous material kept');
  writeFileSync(files.clientCertKey, next.keyPem);
  assert.equal(await store.refresh(), true);
  assert.equal(store.current().generation, first.generation + 1);
  assert.equal(store.current().cert.toString(), next.certPem);
});
