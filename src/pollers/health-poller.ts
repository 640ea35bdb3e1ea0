import type { ServerConfig } from '../config/schema/index.js';
import { healthPollMessage } from '../metrics/index.js';
import { BodyError } from './body-reader.js';
import { readHealthBody } from './health-body.js';
import { getJson } from './http-json.js';
import type { PollContext } from './poll-context.js';
import { invalidBodyError } from './poll-error.js';
import type { PollTask } from './poll-schedule.js';

// Engine health check of one server (docs/pollers.md): GET https://<host>/engine/healthcheck with the
// server's extra headers → eight points per destination, or one HEALTH_API error.

export function healthUrl(server: ServerConfig): URL {
  return new URL(`https://${server.host}/engine/healthcheck`);
}

export function healthHeaders(server: ServerConfig): Record<string, string> {
  const headers: Record<string, string> = { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' };
  for (const [key, value] of Object.entries(server.headers ?? {})) headers[key] = String(value);
  return headers;
}

export function healthTask(ctx: PollContext, server: ServerConfig, index: number): PollTask {
  const url = healthUrl(server);
  const headers = healthHeaders(server);
  const agentKey = `server:${index}`;
  const failure = { type: 'HEALTH_API' as const, serverName: server.serverName, host: server.host };
  return {
    key: `health:${index}`,
    run: async () => {
      const stats = ctx.stats.health;
      stats.attempts++;
      const started = performance.now();
      try {
        await ctx.refreshCerts();
        const res = await getJson(url, { dispatcher: ctx.agents.get(agentKey), headers, timeoutMs: ctx.options.requestTimeoutMs, explain: ctx.explainFor(url) });
        let sample;
        try {
          sample = readHealthBody(res.body);
        } catch (err) {
          if (err instanceof BodyError) throw invalidBodyError(url, ctx.options.requestTimeoutMs, err.message, res.status);
          throw err;
        }
        const timeUs = ctx.now() * 1000;
        const appNames = ctx.appNames();
        ctx.publish('HEALTH_METRICS', server.serverName, { server, body: sample, timeUs, appName: (id: string) => appNames.get(id) });
        ctx.output.metrics?.(healthPollMessage(server, sample));
        stats.succeeded++;
      } catch (err) {
        ctx.fail('health', failure, err);
      } finally {
        stats.lastDurationMs = performance.now() - started;
      }
    },
  };
}
