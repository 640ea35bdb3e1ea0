import type { ServerConfig } from '../config/schema/index.js';
import { sessionPollMessage } from '../metrics/index.js';
import { BodyError } from './body-reader.js';
import { getJson } from './http-json.js';
import type { PollContext } from './poll-context.js';
import { invalidBodyError } from './poll-error.js';
import type { PollTask } from './poll-schedule.js';
import { readSessionBody } from './session-body.js';

// Proxy sessions of one virtual proxy of one server (docs/pollers.md): GET
// https://<userSessions.host>/qps<vp>/session with the xrfkey headers → summary, list and detail points, or one
// PROXY_API error. No custom headers and no X-Qlik-User, as Butler SOS.

// Butler SOS sends a fixed key; QPS only checks that header and query parameter agree.
export const SESSION_XRFKEY = 'abcdefghij987654';

export function sessionUrl(sessionHost: string, virtualProxy: string): URL {
  const prefix = virtualProxy === '/' ? '' : virtualProxy;
  return new URL(`https://${sessionHost}/qps${prefix}/session?Xrfkey=${SESSION_XRFKEY}`);
}

export function sessionHeaders(virtualProxy: string): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    'Content-Type': 'application/json',
    'X-Qlik-Xrfkey': SESSION_XRFKEY,
    XVirtualProxy: virtualProxy,
  };
}

export function sessionTasks(ctx: PollContext, server: ServerConfig, index: number): PollTask[] {
  if (server.userSessions?.enable !== true) return [];
  const sessionHost = server.userSessions.host;
  return server.userSessions.virtualProxies.map(({ virtualProxy }, vpIndex) => {
    const url = sessionUrl(sessionHost, virtualProxy);
    const headers = sessionHeaders(virtualProxy);
    const failure = { type: 'PROXY_API' as const, serverName: server.serverName, host: sessionHost, virtualProxy };
    return {
      key: `sessions:${index}:${vpIndex}`,
      run: async () => {
        const stats = ctx.stats.sessions;
        stats.attempts++;
        const started = performance.now();
        try {
          await ctx.refreshCerts();
          const res = await getJson(url, { dispatcher: ctx.agents.get(`server:${index}`), headers, timeoutMs: ctx.options.requestTimeoutMs, explain: ctx.explainFor(url) });
          let sessions;
          try {
            sessions = readSessionBody(res.body);
          } catch (err) {
            if (err instanceof BodyError) throw invalidBodyError(url, ctx.options.requestTimeoutMs, err.message, res.status);
            throw err;
          }
          const timeUs = ctx.now() * 1000;
          ctx.publish('PROXY_SESSIONS', server.serverName, { server, virtualProxy, sessionHost, sessions, rawBody: res.body, timeUs });
          ctx.output.metrics?.(sessionPollMessage(server, { virtualProxy, sessionHost }, sessions.length));
          stats.succeeded++;
        } catch (err) {
          ctx.fail('sessions', failure, err);
        } finally {
          stats.lastDurationMs = performance.now() - started;
        }
      },
    };
  });
}
