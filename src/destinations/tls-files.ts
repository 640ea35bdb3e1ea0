// The PEM files a destination's `tls` block names, read at start so a wrong path fails with the key that names
// it, not later inside a reconnect loop.
import { readFileSync } from 'node:fs';

export interface TlsFileKeys {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The files that are set, read; `section` names the block in errors (`mqttConfig.tls`). */
export function readTlsFiles(tls: TlsFileKeys, section: string): TlsFiles {
  const read = (path: string | undefined, key: keyof TlsFileKeys): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`${section}.${key}: cannot read "${path}": ${(err as Error).message}`);
    }
  };
  const out: TlsFiles = {};
  const ca = read(tls.caFile, 'caFile');
  const cert = read(tls.certFile, 'certFile');
  const key = read(tls.keyFile, 'keyFile');
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  return out;
}
