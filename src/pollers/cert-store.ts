import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { PollerConfig } from './config.js';

// The client certificate, key and CA used for every Qlik Sense API call (docs/pollers.md#tls-and-certificates). Read
// once at start (a missing or unreadable file is a start-up error naming the config key and the file), re-read when a
// file's identity, size or mtime changes, which is how Qlik certificates are rotated in place.

export interface CertMaterial {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
  passphrase: string | undefined;
  /** Increases on every successful reload; agents built from an older generation are replaced. */
  generation: number;
}

type CertKey = 'clientCert' | 'clientCertKey' | 'clientCertCA';
const KEYS: readonly CertKey[] = ['clientCert', 'clientCertKey', 'clientCertCA'];

interface FileStamp {
  path: string;
  stamp: string;
}

function stampOf(s: { ino: number; size: number; mtimeMs: number }): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

function readCertFile(key: CertKey, path: string): { data: Buffer; stamp: string } {
  try {
    const st = statSync(path);
    return { data: readFileSync(path), stamp: stampOf(st) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cert.${key}: cannot read certificate file "${path}": ${reason}`);
  }
}

/** Checks that the three files form a usable TLS client identity, so a bad passphrase fails at start. */
function checkUsable(material: Omit<CertMaterial, 'generation'>, files: readonly FileStamp[]): void {
  try {
    createSecureContext({ cert: material.cert, key: material.key, ca: material.ca, passphrase: material.passphrase });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cert: the client certificate files (${files.map((f) => f.path).join(', ')}) are not usable: ${reason}`);
  }
}

export class CertStore {
  private material: CertMaterial;
  private stamps: FileStamp[];
  private checking: Promise<boolean> | undefined;

  /** Loads the files now; throws a start-up error naming the file when one is missing or unusable. */
  constructor(config: Pick<PollerConfig, 'cert'>, baseDir: string) {
    const paths = KEYS.map((key) => {
      const value = config.cert[key];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new Error(`cert.${key}: no certificate file configured (needed to poll Qlik Sense)`);
      }
      return isAbsolute(value) ? value : resolve(baseDir, value);
    });
    const passphrase = config.cert.clientCertPassphrase ? config.cert.clientCertPassphrase : undefined;
    const { material, stamps } = CertStore.load(paths, passphrase);
    this.material = { ...material, generation: 1 };
    this.stamps = stamps;
  }

  private static load(paths: string[], passphrase: string | undefined) {
    const read = KEYS.map((key, i) => readCertFile(key, paths[i]));
    const material = { cert: read[0].data, key: read[1].data, ca: read[2].data, passphrase };
    const stamps = paths.map((path, i) => ({ path, stamp: read[i].stamp }));
    checkUsable(material, stamps);
    return { material, stamps };
  }

  current(): CertMaterial {
    return this.material;
  }

  paths(): string[] {
    return this.stamps.map((s) => s.path);
  }

  /**
   * Re-reads the files if any changed; resolves true when new material was loaded. A change that cannot be
   * loaded (half-written file, wrong key) keeps the previous material and rejects with the reason, so the
   * caller can log it once per attempt while polling goes on with the old certificate.
   */
  refresh(): Promise<boolean> {
    this.checking ??= this.check().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async check(): Promise<boolean> {
    const now = await Promise.all(this.stamps.map((s) => stat(s.path).then(stampOf, () => 'missing')));
    if (now.every((stamp, i) => stamp === this.stamps[i].stamp)) return false;
    const { material, stamps } = CertStore.load(
      this.stamps.map((s) => s.path),
      this.material.passphrase,
    );
    this.material = { ...material, generation: this.material.generation + 1 };
    this.stamps = stamps;
    return true;
  }
}
