import { randomInt } from 'node:crypto';
import { BodyError } from './body-reader.js';
import { readAppList, sameAppNames, type AppNameMap } from './app-list.js';
import { getJson } from './http-json.js';
import type { PollContext } from './poll-context.js';
import { invalidBodyError } from './poll-error.js';
import type { PollTask } from './poll-schedule.js';

// The QRS app list (docs/pollers.md): GET https://<appNames.hostIP>:4242/qrs/app as sa_repository, TLS
// verified like the other calls (Butler SOS's qrs-interact did not verify). A new list replaces the old one
// atomically; a failure keeps the previous list. The list goes to the supervisor after the first successful
// poll of this thread (so a restarted poller re-publishes) and whenever it changes; the supervisor keeps it and
// hands it to every parse worker, also to one that starts later (src/pipeline/app-names/app-names-relay.ts).

const XRF_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomXrfKey(): string {
  let key = '';
  for (let i = 0; i < 16; i++) key += XRF_CHARS[randomInt(XRF_CHARS.length)];
  return key;
}

export function appListUrl(hostIP: string, port: number, xrfkey: string): URL {
  const host = hostIP.includes(':') && !hostIP.startsWith('[') ? `[${hostIP}]` : hostIP;
  return new URL(`https://${host}:${port}/qrs/app?xrfkey=${xrfkey}`);
}

const NO_APPS: AppNameMap = new Map();

export class AppNamesHolder {
  /** null until the first successful poll. */
  private map: AppNameMap | null = null;

  get(): AppNameMap {
    return this.map ?? NO_APPS;
  }

  /** Replaces the map; true for the first map and whenever it differs from the previous one. */
  replace(next: AppNameMap): boolean {
    const changed = this.map === null || !sameAppNames(this.map, next);
    this.map = next;
    return changed;
  }
}

export function appNamesTask(ctx: PollContext, holder: AppNamesHolder): PollTask {
  const hostIP = ctx.config.appNames.hostIP;
  const failure = { type: 'APP_NAMES_EXTRACT' as const, serverName: hostIP, host: hostIP };
  return {
    key: 'app-names',
    run: async () => {
      const stats = ctx.stats.appNames;
      stats.attempts++;
      const started = performance.now();
      const xrfkey = randomXrfKey();
      const url = appListUrl(hostIP, ctx.options.qrsPort, xrfkey);
      try {
        await ctx.refreshCerts();
        const headers = { 'X-Qlik-User': 'UserDirectory=Internal; UserId=sa_repository', 'X-Qlik-Xrfkey': xrfkey };
        const res = await getJson(url, { dispatcher: ctx.agents.get('qrs'), headers, timeoutMs: ctx.options.requestTimeoutMs, explain: ctx.explainFor(url) });
        let map;
        try {
          map = readAppList(res.body);
        } catch (err) {
          if (err instanceof BodyError) throw invalidBodyError(url, ctx.options.requestTimeoutMs, err.message, res.status);
          throw err;
        }
        if (holder.replace(map)) {
          ctx.output.appNames({ t: 'app-list', apps: [...map] });
          ctx.logger.debug({ apps: map.size }, 'POLLER: new app list sent to the supervisor');
        }
        stats.succeeded++;
      } catch (err) {
        ctx.fail('appNames', failure, err);
      } finally {
        stats.lastDurationMs = performance.now() - started;
      }
    },
  };
}
