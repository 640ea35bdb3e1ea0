import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import type { AppLogger } from '../log/logger.js';
import { formatIPv4, parseIPv4 } from './ipv4.js';

/** Resolves a host name to its IPv4 addresses (injectable for tests). */
export type IPv4Resolver = (hostname: string) => Promise<string[]>;

export interface SourceValidationConfig {
  enableSourceValidation?: boolean;
  /** IPv4 literals or host names; null means empty (Butler YAML). */
  allowedSources?: readonly string[] | null;
}

/**
 * Uses getaddrinfo (dns.lookup) rather than Butler's dns.resolve4: the hosts file is honoured, which is what
 * an administrator editing C:\Windows\System32\drivers\etc\hosts expects. IPv4 only, all addresses.
 */
export const lookupIPv4: IPv4Resolver = async (hostname) => {
  const results = await lookup(hostname, { all: true, family: 4 });
  return results.map((r) => r.address);
};

/**
 * The senders one UDP socket accepts, fixed at start-up (never refreshed, as in Butler SOS). The runtime
 * check is one Set lookup on the numeric address.
 */
export class SourceAllowList {
  private constructor(
    /** False: every sender is allowed. */
    readonly active: boolean,
    private readonly addresses: ReadonlySet<number>,
  ) {}

  static allowAll(): SourceAllowList {
    return new SourceAllowList(false, new Set());
  }

  /**
   * spec/sources.md §8.4: literals kept, names resolved; validation on with an empty list, or with nothing
   * resolvable, logs a warning and allows all (Butler's behaviour).
   */
  static async build(
    config: SourceValidationConfig,
    logger: AppLogger,
    label: string,
    resolve: IPv4Resolver = lookupIPv4,
  ): Promise<SourceAllowList> {
    if (config.enableSourceValidation !== true) return SourceAllowList.allowAll();
    const entries = config.allowedSources ?? [];
    if (entries.length === 0) {
      logger.warn(`${label}: Source IP validation is enabled but allowedSources is empty; allowing all sources.`);
      return SourceAllowList.allowAll();
    }
    const addresses = new Set<number>();
    let failed = 0;
    for (const entry of entries) {
      const resolved = await resolveEntry(String(entry).trim(), resolve);
      if (resolved.length === 0) {
        failed++;
        logger.error(`${label}: Cannot resolve hostname or invalid IPv4: "${entry}".`);
      }
      for (const ip of resolved) addresses.add(ip);
    }
    if (addresses.size === 0) {
      logger.warn(`${label}: Source IP validation is enabled but no allowed source could be resolved; allowing all sources.`);
      return SourceAllowList.allowAll();
    }
    if (failed > 0) logger.warn(`${label}: Source IP validation: ${failed} allowed source(s) could not be resolved.`);
    logger.info(
      { ips: [...addresses].map(formatIPv4) },
      `${label}: Source IP validation enabled, ${addresses.size} IP(s) loaded.`,
    );
    return new SourceAllowList(true, addresses);
  }

  /** Per datagram. `address` is a parseIPv4 result; INVALID_IPV4 is never allowed while active. */
  allows(address: number): boolean {
    return !this.active || this.addresses.has(address);
  }

  /** The loaded addresses, dotted-quad (for status pages). */
  list(): string[] {
    return [...this.addresses].map(formatIPv4);
  }
}

async function resolveEntry(entry: string, resolve: IPv4Resolver): Promise<number[]> {
  if (isIPv4(entry)) {
    const ip = parseIPv4(entry);
    return ip >= 0 ? [ip] : [];
  }
  if (entry === '') return [];
  try {
    const out: number[] = [];
    for (const text of await resolve(entry)) {
      const ip = parseIPv4(text);
      if (ip >= 0) out.push(ip);
    }
    return out;
  } catch {
    return [];
  }
}
