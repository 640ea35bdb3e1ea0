import { silentLogger } from '../../../src/log/logger.js';
import { NewRelicSink } from '../../../src/destinations/new-relic/new-relic-sink.js';
import { parseRec, runDestinationCompliance } from '../../support/destination-compliance.js';
import { startNewRelicEndpoint } from '../../support/new-relic-endpoint.js';
import { ACCOUNTS, nrConfig } from './nr-config.js';

// The contract-enforcing loopback endpoint. Compliance lines travel as Event API events; a line that is not
// a New Relic item is refused by the sink itself. Outage = every post answers 503.
runDestinationCompliance({
  name: 'New Relic sink against the loopback Metric/Event API endpoint',
  async setup() {
    const ep = await startNewRelicEndpoint({ accounts: ACCOUNTS.map((a) => ({ accountId: a.accountId, apiKey: a.insertApiKey })) });
    const makeSink = (): NewRelicSink => new NewRelicSink(nrConfig(ep), { logger: silentLogger(), limits: { timeoutMs: 300 } });
    const sink = makeSink();
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: true,
      encodeBody(lines) {
        const body = lines
          .map((l) => {
            if (!l.startsWith('compliance,')) return l;
            const r = parseRec(l);
            return JSON.stringify({ eventType: 'Compliance', k: r.k, s: r.s, v: r.v, timestamp: Date.now() });
          })
          .join('\n');
        return Buffer.from(body + '\n');
      },
      async stored() {
        return ep.events().map((e) => `compliance,k=${String(e.k)} s=${Number(e.s)}i,v=${Number(e.v)}i`);
      },
      injectTransient(kind) {
        if (kind === '5xx') ep.failNext(503);
        else ep.hangNext(1000);
      },
      outage: { begin: async () => ep.setDown(true), end: async () => ep.setDown(false) },
      teardown: () => ep.close(),
    };
  },
});
