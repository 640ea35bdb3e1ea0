import { jsonReply } from './dispatch.js';
import type { HttpReply } from './types.js';

// Liveness and readiness. /health answers as Butler SOS's Docker health endpoint did (fastify-healthcheck:
// 200 {"statusCode":200,"status":"ok"}) as long as the thread serves at all. /ready is 200 only once the
// supervisor said the collector is ready (configuration loaded, UDP sockets bound), 503 before and while
// shutting down.

export class Readiness {
  private ready = false;
  private reason = 'starting';

  set(ready: boolean, reason?: string): void {
    this.ready = ready;
    this.reason = ready ? '' : (reason ?? 'not ready');
  }

  get isReady(): boolean {
    return this.ready;
  }

  reply(): HttpReply {
    return this.ready
      ? jsonReply(200, { statusCode: 200, status: 'ready' })
      : jsonReply(503, { statusCode: 503, status: 'not ready', reason: this.reason });
  }
}

export function healthReply(): HttpReply {
  return jsonReply(200, { statusCode: 200, status: 'ok' });
}
