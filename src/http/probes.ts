import { HealthView, type HealthBoardData } from '../threads/health-board.js';
import { jsonReply } from './dispatch.js';
import { SpoolWritable } from './spool-writable.js';
import type { HttpReply } from './types.js';

// Liveness and readiness. /health answers as Butler SOS's Docker health endpoint did (fastify-healthcheck:
// 200 {"statusCode":200,"status":"ok"}) unless the process should be restarted: a thread died and is no longer
// restarted, or the main thread's event loop is stuck. /ready is 200 only while the collector takes data:
// sockets bound, writer and tracker threads running, spool directory writable; 503 before, while shutting
// down or while any of these is missing. Both read the supervisor's health board (src/threads/health-board.ts),
// so a restarted http thread answers from the current state. Without a board (the http service on its own)
// readiness is whatever set() said last.

export interface ProbeSources {
  board?: HealthBoardData;
  /** delivery.spool.directory when the spool is on. */
  spoolDirectory?: string | null;
  now?: () => number;
}

export class Readiness {
  private ready = false;
  private reason = 'starting';
  private readonly view: HealthView | null;
  private readonly spool: SpoolWritable | null;

  constructor(private readonly sources: ProbeSources = {}) {
    this.view = sources.board ? new HealthView(sources.board) : null;
    this.spool = sources.spoolDirectory ? new SpoolWritable(sources.spoolDirectory, sources.now) : null;
  }

  set(ready: boolean, reason?: string): void {
    this.ready = ready;
    this.reason = ready ? '' : (reason ?? 'not ready');
  }

  get isReady(): boolean {
    return this.ready;
  }

  async problems(): Promise<string[]> {
    if (!this.ready && this.reason === 'shutting down') return [this.reason];
    const problems = this.view ? this.view.readinessProblems() : this.ready ? [] : [this.reason];
    const spool = problems.length === 0 ? await this.spool?.problem() : null;
    if (spool) problems.push(spool);
    return problems;
  }

  async reply(): Promise<HttpReply> {
    const problems = await this.problems();
    return problems.length === 0
      ? jsonReply(200, { statusCode: 200, status: 'ready' })
      : jsonReply(503, { statusCode: 503, status: 'not ready', reason: problems.join('; ') });
  }

  /** The liveness answer. */
  health(): HttpReply {
    const problems = this.view?.livenessProblems((this.sources.now ?? Date.now)()) ?? [];
    return problems.length === 0
      ? jsonReply(200, { statusCode: 200, status: 'ok' })
      : jsonReply(503, { statusCode: 503, status: 'unhealthy', reason: problems.join('; ') });
  }
}
