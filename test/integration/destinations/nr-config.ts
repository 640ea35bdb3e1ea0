// A New Relic destination configuration pointing at the loopback endpoint, with one account per data kind.
import type { NewRelicDestinationConfig } from '../../../src/destinations/new-relic/options.js';
import type { NewRelicEndpoint } from '../../support/new-relic-endpoint.js';

export const ACCOUNTS = [
  { accountName: 'main', insertApiKey: 'key-main-0123456789', accountId: '1001' },
  { accountName: 'second', insertApiKey: 'key-second-abcdef', accountId: '2002' },
];

export function nrConfig(ep: NewRelicEndpoint, lists: { user?: string[]; log?: string[]; uptime?: string[] } = {}): NewRelicDestinationConfig {
  return {
    newRelic: {
      enable: true,
      event: { url: ep.eventBaseUrl, header: [{ name: 'X-Extra', value: 'event-header' }] },
      metric: { url: ep.metricUrl, header: [{ name: 'X-Extra', value: 'metric-header' }, { name: 'Api-Key', value: 'must-be-overridden' }] },
    },
    thirdPartyToolsCredentials: { newRelic: ACCOUNTS },
    userEvents: { sendToNewRelic: { enable: true, destinationAccount: lists.user ?? ['main'] } },
    logEvents: { sendToNewRelic: { enable: true, destinationAccount: lists.log ?? ['main'] } },
    uptimeMonitor: { enable: true, storeNewRelic: { enable: true, destinationAccount: lists.uptime ?? ['main'] } },
  };
}
