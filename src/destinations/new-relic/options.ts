// The configuration the New Relic destination reads, and which accounts each kind of data goes to.
// Butler SOS routes health and proxy-session metrics by `userEvents.sendToNewRelic.destinationAccount`
// (docs/new-relic.md#accounts-and-headers); that routing is kept so existing New Relic dashboards keep their data.
import type { DataModule } from '../../threads/messages.js';

type NameValues = ReadonlyArray<{ readonly name: string; readonly value: string }> | null | undefined;

export interface NewRelicCredential {
  accountName: string;
  insertApiKey: string;
  accountId: string;
}

/** The keys the destination reads; a full `Config` fits. */
export interface NewRelicDestinationConfig {
  newRelic: {
    enable: boolean;
    event: { url: string; header: NameValues };
    metric: { url: string; header: NameValues };
  };
  thirdPartyToolsCredentials: { newRelic: readonly NewRelicCredential[] | null };
  userEvents: { sendToNewRelic: { enable: boolean; destinationAccount: readonly string[] | null } };
  logEvents: { sendToNewRelic: { enable: boolean; destinationAccount: readonly string[] | null } };
  uptimeMonitor: { enable: boolean; storeNewRelic: { enable: boolean; destinationAccount: readonly string[] | null } };
}

/** Limits and timeouts (tests shrink them). */
export interface NewRelicLimits {
  /** Uncompressed JSON bytes per request. New Relic takes 10^6 bytes per POST; staying under it uncompressed
   *  is safe however well the payload compresses. */
  maxPayloadBytes: number;
  /** Items (events or metric data objects) per request. */
  maxItemsPerRequest: number;
  timeoutMs: number;
}

export const DEFAULT_NEW_RELIC_LIMITS: NewRelicLimits = {
  maxPayloadBytes: 1_000_000 - 1024,
  maxItemsPerRequest: 2000,
  timeoutMs: 10_000,
};

/** Which account list a data module goes to (docs/new-relic.md#accounts-and-headers). */
export function accountListOf(config: NewRelicDestinationConfig, module: DataModule): readonly string[] {
  switch (module) {
    case 'LOG_EVENTS':
      return config.logEvents.sendToNewRelic.destinationAccount ?? [];
    case 'BUTLER_MEMORY':
      return config.uptimeMonitor.storeNewRelic.destinationAccount ?? [];
    default:
      // Health metrics, proxy sessions and user events: Butler's routing quirk, kept (see the header).
      return config.userEvents.sendToNewRelic.destinationAccount ?? [];
  }
}

/** True when any kind of data can reach New Relic with this config (the uptime post ignores newRelic.enable). */
export function newRelicEnabled(config: Partial<NewRelicDestinationConfig>): boolean {
  if (!config.newRelic) return false;
  return config.newRelic.enable === true || (config.uptimeMonitor?.enable === true && config.uptimeMonitor.storeNewRelic.enable === true);
}

/** Event API URL of one account: `<event.url>/v1/accounts/<id>/events` (a '/' is added when missing). */
export function eventUrl(baseUrl: string, accountId: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}v1/accounts/${encodeURIComponent(accountId)}/events`;
}

/** Configured extra headers, then the account's Api-Key (which wins over a configured header of that name). */
export function requestHeaders(extra: NameValues, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
  for (const h of extra ?? []) {
    const name = h.name.toLowerCase();
    if (name === 'api-key' || name === 'content-encoding' || name === 'content-length') continue;
    headers[name] = h.value;
  }
  headers['api-key'] = apiKey;
  return headers;
}
