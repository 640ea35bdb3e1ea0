import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

// A throw-away PKI like the one Qlik Sense exports from the QMC: a root CA, server certificates for the
// simulated nodes, and a client certificate for the collector. A second, unrelated CA issues the "wrong"
// certificates that tests use to check that TLS really is verified in both directions. Keys come from
// node:crypto (fast, native); node-forge only builds and signs the X.509 certificates.

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface Pki {
  ca: KeyPairPem;
  /** Server certificate for localhost / 127.0.0.1 / ::1, issued by `ca`. */
  server: KeyPairPem;
  /** Client certificate (CN=QlikClient), issued by `ca`. */
  client: KeyPairPem;
  /** An unrelated CA, and a server and client certificate issued by it. */
  rogueCa: KeyPairPem;
  rogueServer: KeyPairPem;
  rogueClient: KeyPairPem;
}

interface IssueOptions {
  commonName: string;
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  isCa?: boolean;
  server?: boolean;
  client?: boolean;
  days?: number;
}

function rsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

function issue(o: IssueOptions): KeyPairPem & { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keyPem = rsaKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // DER INTEGER, minimal and positive: the first byte is 0x01-0x7f. (The former '0' + 15 random bytes let forge
  // write the random bytes as they came, so one serial in ~500 started 0x00 0x00-0x7f, which OpenSSL 3 refuses
  // as "illegal padding": a test's whole PKI then failed to load, about once in ten CI runs.)
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + (o.days ?? 30) * 86_400_000);
  const subject = [{ name: 'commonName', value: o.commonName }, { name: 'organizationName', value: 'Butler SOS simulator' }];
  cert.setSubject(subject);
  cert.setIssuer(o.issuer ? o.issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: o.isCa === true, critical: true }];
  if (o.isCa) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
  if (o.server || o.client) extensions.push({ name: 'extKeyUsage', serverAuth: o.server === true, clientAuth: o.client === true });
  if (o.server) {
    extensions.push({
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(o.issuer ? o.issuer.key : key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** Generates the whole PKI in memory (a few hundred ms: six RSA-2048 keys). */
export function generatePki(): Pki {
  const ca = issue({ commonName: 'Simulated Qlik CA', isCa: true });
  const rogueCa = issue({ commonName: 'Unrelated CA', isCa: true });
  const strip = (k: KeyPairPem): KeyPairPem => ({ certPem: k.certPem, keyPem: k.keyPem });
  return {
    ca: strip(ca),
    server: strip(issue({ commonName: 'localhost', issuer: ca, server: true })),
    client: strip(issue({ commonName: 'QlikClient', issuer: ca, client: true })),
    rogueCa: strip(rogueCa),
    rogueServer: strip(issue({ commonName: 'localhost', issuer: rogueCa, server: true })),
    rogueClient: strip(issue({ commonName: 'QlikClient', issuer: rogueCa, client: true })),
  };
}

/** A new client certificate from the same CA (for rotation tests), with its own common name. */
export function issueClientCert(pki: Pki, commonName: string): KeyPairPem {
  const issuer = {
    cert: forge.pki.certificateFromPem(pki.ca.certPem),
    key: forge.pki.privateKeyFromPem(pki.ca.keyPem) as forge.pki.rsa.PrivateKey,
  };
  const c = issue({ commonName, issuer, client: true });
  return { certPem: c.certPem, keyPem: c.keyPem };
}

/** The key PEM encrypted with a passphrase (PKCS#8, AES-256-CBC), as QMC exports with a password. */
export function encryptKeyPem(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}

export interface ClientCertFiles {
  clientCert: string;
  clientCertKey: string;
  clientCertCA: string;
}

/** Writes client.pem, client_key.pem and root.pem (Qlik's export names) into `dir`. */
export function writeClientCertFiles(dir: string, client: KeyPairPem, caPem: string, keyPem = client.keyPem): ClientCertFiles {
  mkdirSync(dir, { recursive: true });
  const files = { clientCert: join(dir, 'client.pem'), clientCertKey: join(dir, 'client_key.pem'), clientCertCA: join(dir, 'root.pem') };
  writeFileSync(files.clientCert, client.certPem);
  writeFileSync(files.clientCertKey, keyPem);
  writeFileSync(files.clientCertCA, caPem);
  return files;
}
