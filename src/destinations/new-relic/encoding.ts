// What the New Relic destination takes and how its items are built: one NDJSON record per Event API event
// or Metric API data object, built in the producer threads (docs/new-relic.md).
import type { Config } from '../../config/schema/index.js';
import { createLogEventNrBuilder, createUserEventNrBuilder } from './items/events.js';
import { healthMetricData, sessionMetricData, uptimeMetricData } from './items/metrics.js';
import type { DestinationEncoding, EncodingContext } from '../../publish/encoding.js';
import type { DataKind } from '../../publish/published-data.js';

/** Butler SOS v15's switches, per kind of data (docs/new-relic.md). */
export function newRelicTakes(config: Config, kind: DataKind): boolean {
  const nr = config.newRelic.enable === true;
  switch (kind) {
    case 'LOG_EVENTS':
      return nr && config.logEvents.sendToNewRelic.enable === true;
    case 'USER_EVENTS':
      return nr && config.userEvents.enable === true && config.userEvents.sendToNewRelic.enable === true;
    case 'HEALTH_METRICS':
      return nr;
    case 'PROXY_SESSIONS':
      return nr && config.newRelic.metric.dynamic.proxy.sessions.enable === true;
    case 'BUTLER_MEMORY':
      // Butler's uptime post ignores newRelic.enable; kept.
      return config.uptimeMonitor.enable === true && config.uptimeMonitor.storeNewRelic.enable === true;
    default:
      return false;
  }
}

const ms = (timeUs: number): number => Math.floor(timeUs / 1000);

export function newRelicEncoding(config: Config, ctx: EncodingContext): DestinationEncoding {
  const log = createLogEventNrBuilder(config, ctx.appVersion);
  const user = createUserEventNrBuilder(config);
  const metric = { newRelic: { metric: config.newRelic.metric }, serversToMonitor: config.serversToMonitor, userSessions: config.userSessions };
  return {
    key: 'new-relic',
    encoders: {
      LOG_EVENTS: (d, out) => {
        const item = log(d.event, ms(d.timeUs));
        if (item) out(JSON.stringify(item));
      },
      USER_EVENTS: (d, out) => out(JSON.stringify(user(d.event, ms(d.timeUs)))),
      HEALTH_METRICS: (d, out) => {
        const data = healthMetricData(metric, d.server, d.body, ms(d.timeUs), ctx.appVersion);
        // Every metric group switched off: Butler posted an empty list; nothing worth a request here.
        if (data.metrics.length > 0) out(JSON.stringify(data));
      },
      PROXY_SESSIONS: (d, out) => {
        const target = { server: d.server, userSessionsHost: d.sessionHost, virtualProxy: d.virtualProxy };
        const data = sessionMetricData(metric, target, d.sessions.length, ms(d.timeUs), ctx.appVersion);
        if (data) out(JSON.stringify(data));
      },
      BUTLER_MEMORY: (d, out) => out(JSON.stringify(uptimeMetricData(config, d.sample, d.uptimeMs, d.intervalMs, ms(d.timeUs), ctx.appVersion))),
    },
  };
}
