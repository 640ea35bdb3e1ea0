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

/** How often host names in allowedSources are resolved again (a Qlik node whose address changed). */
export const SOURCE_REFRESH_MS = 60_000;

/**
 * The senders one UDP socket accepts. The runtime check is one Set lookup on the numeric address.
 *
 * Fails safe, unlike Butler SOS (which allowed every sender when validation was on and nothing was allowed):
 * validation on with an empty list, or with no entry resolvable, rejects every sender with an ERROR at
 * start-up saying how to fix it. Host names are resolved again every SOURCE_REFRESH_MS (refresh()); a name
 * that fails to resolve then keeps the addresses it had, so a DNS hiccup never locks out a Qlik node.
 */
export class SourceAllowList {
  private addresses: ReadonlySet<number>;

  private constructor(
    /** False: every sender is allowed. */
    readonly active: boolean,
    /** Each configured entry and the addresses it stands for (literals fixed, names from the last lookup). */
    private readonly entries: Map<string, number[]>,
    private readonly label: string,
    private readonly logger: AppLogger,
    private readonly resolve: IPv4Resolver,
  ) {
    this.addresses = collect(entries);
  }

  static allowAll(): SourceAllowList {
    return new SourceAllowList(false, new Map(), '', undefined as unknown as AppLogger, lookupIPv4);
  }

  /**
   * docs/inputs.md#limits-applied-on-the-socket-in-this-order: literals kept, names resolved; nothing allowed means
   * every sender is rejected.
   */
  static async build(
    config: SourceValidationConfig,
    logger: AppLogger,
    label: string,
    resolve: IPv4Resolver = lookupIPv4,
  ): Promise<SourceAllowList> {
    if (config.enableSourceValidation !== true) return SourceAllowList.allowAll();
    const configured = (config.allowedSources ?? []).map((e) => String(e).trim());
    const entries = new Map<string, number[]>();
    let failed = 0;
    for (const entry of configured) {
      const resolved = await resolveEntry(entry, resolve);
      if (resolved.length === 0) {
        failed++;
        logger.error(`${label}: Cannot resolve hostname or invalid IPv4: "${entry}".`);
      }
      entries.set(entry, resolved);
    }
    const list = new SourceAllowList(true, entries, label, logger, resolve);
    if (configured.length === 0) {
      logger.error(
        `${label}: enableSourceValidation is true but allowedSources is empty: every sender is rejected. List the Qlik Sense servers in allowedSources, or set enableSourceValidation to false.`,
      );
    } else if (list.addresses.size === 0) {
      logger.error(
        `${label}: enableSourceValidation is true but no entry of allowedSources resolves: every sender is rejected until one does (host names are resolved again every ${SOURCE_REFRESH_MS / 1000} s).`,
      );
    } else {
      if (failed > 0) logger.warn(`${label}: Source IP validation: ${failed} allowed source(s) could not be resolved.`);
      logger.info({ ips: list.list() }, `${label}: Source IP validation enabled, ${list.addresses.size} IP(s) loaded.`);
    }
    return list;
  }

  /** True when some entries are host names, which refresh() resolves again. */
  get hasNames(): boolean {
    return this.active && [...this.entries.keys()].some((e) => e !== '' && !isIPv4(e));
  }

  /** Per datagram. `address` is a parseIPv4 result; INVALID_IPV4 is never allowed while active. */
  allows(address: number): boolean {
    return !this.active || this.addresses.has(address);
  }

  /** Resolves the host names again and swaps the set in one step; logs what changed. */
  async refresh(): Promise<void> {
    if (!this.hasNames) return;
    const before = this.addresses;
    for (const entry of [...this.entries.keys()]) {
      if (isIPv4(entry) || entry === '') continue;
      const resolved = await resolveEntry(entry, this.resolve);
      if (resolved.length > 0) this.entries.set(entry, resolved);
      else this.logger.warn(`${this.label}: Cannot resolve "${entry}" again; keeping its earlier addresses (${(this.entries.get(entry) ?? []).map(formatIPv4).join(', ') || 'none'}).`);
    }
    const after = collect(this.entries);
    const added = [...after].filter((a) => !before.has(a)).map(formatIPv4);
    const removed = [...before].filter((a) => !after.has(a)).map(formatIPv4);
    this.addresses = after;
    if (added.length > 0 || removed.length > 0) this.logger.info({ added, removed, ips: this.list() }, `${this.label}: allowed sources changed after resolving host names again.`);
  }

  /** The loaded addresses, dotted-quad (for status pages). */
  list(): string[] {
    return [...this.addresses].map(formatIPv4);
  }
}

function collect(entries: Map<string, number[]>): Set<number> {
  const out = new Set<number>();
  for (const addresses of entries.values()) for (const a of addresses) out.add(a);
  return out;
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
