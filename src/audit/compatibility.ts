// Which Audit.qs versions this server works with: the range Butler SOS 15.x accepts (docs/audit-events.md).
// A request that names another version (X-Audit-QS-Version header, else source.version) is refused with 422;
// one that names none is accepted and logged (older extensions send no version).

/** Butler SOS 15.x accepts Audit.qs >=0.3.0 <0.4.0. */
const COMPATIBLE = { major: 0, minor: 3 } as const;
export const COMPATIBLE_RANGE = '>=0.3.0 <0.4.0';

// Semantic Versioning 2.0.0, section 9-10 (pre-release and build parts allowed).
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export interface Compatibility {
  compatible: boolean;
  message: string;
}

export function checkAuditQsVersion(version: string | undefined): Compatibility {
  if (!version) return { compatible: false, message: 'Audit.qs version not provided.' };
  const m = SEMVER.exec(version);
  if (!m) return { compatible: false, message: `Invalid Audit.qs version format: "${version}".` };
  // A pre-release of 0.3.x (0.3.0-beta) is below 0.3.0 and outside the range, as semver ranges treat it.
  const ok = Number(m[1]) === COMPATIBLE.major && Number(m[2]) === COMPATIBLE.minor && m[4] === undefined;
  return ok
    ? { compatible: true, message: `Audit.qs ${version} is compatible.` }
    : { compatible: false, message: `Audit.qs ${version} is not compatible. Compatible Audit.qs versions: ${COMPATIBLE_RANGE}.` };
}

/** First value of a possibly repeated or comma-joined header; undefined when empty. */
export function singleHeaderValue(raw: string): string | undefined {
  const first = raw.split(',')[0]?.trim();
  return first ? first : undefined;
}
