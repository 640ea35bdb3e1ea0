// Generators for the five log-event sources, following the log4net conversion patterns of the appender XML
// (docs/inputs.md#conversion-patterns, test/fixtures/spec/log_appender_xml/): engine 19 fields, proxy and repository
// 16, scheduler 18, qix-perf 26. Each call renders one DatagramTemplate; the sender later stamps sequence number
// and time into it. See sequence-token.ts for where the token sits per source.

import type { Cluster, SimNode, SimSession } from './cluster.js';
import { TemplateBuilder, type DatagramTemplate, type SimLogSource } from './datagram-template.js';
import {
  ENGINE_MESSAGES, EXCEPTIONS, PROXY_MESSAGES, REPOSITORY_MESSAGES, SCHEDULER_MESSAGES, exceptionText,
  type MessageContext, type ServiceMessage,
} from './log-messages.js';
import { QIX_METHODS, type QixMethod } from './qix-methods.js';
import type { Prng } from './prng.js';
import { formatCompactTs } from './qlik-time.js';
import { TOKEN_PREFIX } from './sequence-token.js';

export const LOG_PREFIX: Record<SimLogSource, string> = {
  engine: '/qseow-engine/',
  proxy: '/qseow-proxy/',
  repository: '/qseow-repository/',
  scheduler: '/qseow-scheduler/',
  'qix-perf': '/qseow-qix-perf/',
};

export const LOG_FIELD_COUNT: Record<SimLogSource, number> = {
  engine: 19,
  proxy: 16,
  repository: 16,
  scheduler: 18,
  'qix-perf': 26,
};

/** `%rownum{9999}`: a per-node, per-service counter that wraps after 9999. */
class RowCounters {
  private readonly rows = new Map<string, number>();
  constructor(private readonly prng: Prng) {}

  next(node: SimNode): number {
    const current = this.rows.get(node.name) ?? this.prng.range(1, 9999);
    const next = current >= 9999 ? 1 : current + 1;
    this.rows.set(node.name, next);
    return current;
  }
}

export interface LogEventGeneratorOptions {
  cluster: Cluster;
  prng: Prng;
  runId: number;
  /** Time rendered into the templates before the sender stamps the send time. */
  startMs: number;
}

/** Renders log-event templates of one source; successive calls advance row numbers and a virtual clock. */
export class LogEventGenerator {
  private readonly rows: RowCounters;
  private clockMs: number;

  constructor(
    readonly source: SimLogSource,
    private readonly opts: LogEventGeneratorOptions,
  ) {
    this.rows = new RowCounters(opts.prng.fork('rows'));
    this.clockMs = opts.startMs;
  }

  next(): DatagramTemplate {
    this.clockMs += this.opts.prng.range(0, 40);
    switch (this.source) {
      case 'engine': return this.engine();
      case 'proxy': return this.service(PROXY_MESSAGES, 'INTERNAL', 'sa_proxy');
      case 'repository': return this.service(REPOSITORY_MESSAGES, 'INTERNAL', 'sa_repository');
      case 'scheduler': return this.scheduler();
      case 'qix-perf': return this.qixPerf();
    }
  }

  private context(node: SimNode): MessageContext {
    const { prng, cluster } = this.opts;
    const session: SimSession = prng.pick(cluster.sessions);
    const others = cluster.nodes.length > 1 ? cluster.nodes.filter((n) => n !== node) : cluster.nodes;
    return {
      prng, node, session,
      otherNode: prng.pick(others),
      user: session.user,
      app: prng.chance(0.8) ? session.app : prng.pick(cluster.apps),
      task: prng.pick(cluster.tasks),
    };
  }

  /** Fields 0-7, shared by every log layout. */
  private head(node: SimNode, level: string, logger: string): TemplateBuilder {
    const { cluster } = this.opts;
    return new TemplateBuilder(this.source, this.clockMs, cluster.utcOffsetMinutes)
      .text(LOG_PREFIX[this.source]).sep()
      .text(String(this.rows.next(node))).sep()
      .compactTs().sep()
      .localTs().sep()
      .text(level).sep()
      .text(node.name).sep()
      .text(logger).sep()
      .text(cluster.serviceAccount).sep();
  }

  /** %encodedmessage followed by the sequence token. */
  private message(b: TemplateBuilder, text: string): TemplateBuilder {
    return b.text(`${text} ${TOKEN_PREFIX}${this.opts.runId}:`).seq();
  }

  private engine(): DatagramTemplate {
    const { prng, cluster } = this.opts;
    const node = prng.pick(cluster.nodes);
    const msg = prng.pick(ENGINE_MESSAGES);
    const c = this.context(node);
    const inSession = msg.inSession;
    const b = this.head(node, msg.level, msg.logger);
    this.message(b, msg.text(c)).sep()
      .text(inSession ? c.session.proxySessionId : '(null)').sep()
      .text(inSession ? c.user.directory : '(null)').sep()
      .text(inSession ? c.user.userId : '(null)').sep()
      .engineTs().sep()
      .text(node.engineProcessId).sep()
      .text(cluster.engineVersion).sep()
      .text(formatCompactTs(node.startedAtMs, cluster.utcOffsetMinutes)).sep()
      .text(msg.level === 'ERROR' ? 'Error' : 'Server').sep()
      .text(inSession ? c.session.engineSessionId : '(null)').sep()
      .text(inSession ? c.app.id : '(null)');
    return b.build();
  }

  private service(catalogue: readonly ServiceMessage[], serviceDir: string, serviceUser: string): DatagramTemplate {
    const { prng, cluster } = this.opts;
    // Most repository work (and all QMC traffic) happens on the central node.
    const node = prng.chance(0.5) ? cluster.central : prng.pick(cluster.nodes);
    const msg = prng.pick(catalogue);
    const c = this.context(node);
    const [dir, uid] =
      msg.actor === 'user' ? [c.user.directory, c.user.userId] : msg.actor === 'service' ? [serviceDir, serviceUser] : ['(null)', '(null)'];
    const b = this.head(node, msg.level, msg.logger);
    this.message(b, msg.text(c)).sep()
      .text(msg.exception ? EXCEPTIONS[msg.exception](c) : '').sep()
      .text(dir).sep()
      .text(uid).sep()
      .text(msg.command).sep()
      .text(msg.result).sep()
      .text(msg.origin).sep()
      .text(msg.context(c));
    return b.build();
  }

  private scheduler(): DatagramTemplate {
    const { prng, cluster } = this.opts;
    const msg = prng.pick(SCHEDULER_MESSAGES);
    // The master scheduler runs on the central node; slaves run everywhere.
    const node = msg.logger.includes('.Master.') ? cluster.central : prng.pick(cluster.nodes);
    const c = this.context(node);
    const byUser = msg.actor === 'user';
    const b = this.head(node, msg.level, msg.logger);
    this.message(b, msg.text(c)).sep()
      .text(exceptionText(msg.exception, c)).sep()
      .text(byUser ? c.user.directory : '').sep()
      .text(byUser ? c.user.userId : '').sep()
      .text(byUser ? `${c.user.directory}\\${c.user.userId}` : 'INTERNAL\\sa_scheduler').sep()
      .text(c.task.name).sep()
      .text(c.task.app.name).sep()
      .text(c.task.id).sep()
      .text(c.task.app.id).sep()
      .text(prng.guid());
    return b.build();
  }

  private qixPerf(): DatagramTemplate {
    const { prng, cluster } = this.opts;
    const method: QixMethod = prng.weighted(QIX_METHODS, QIX_METHODS.map((m) => m.weight));
    const session = prng.pick(cluster.sessions);
    const node = method.user ? session.node : prng.pick(cluster.nodes);
    const processMs = prng.logNormal(method.medianMs, 0.8);
    const netRam = Math.max(0, Math.round(prng.logNormal(method.medianRam, 1)));
    const handle = method.handle === 'object' ? prng.range(2, 60) : method.handle;
    const objectId = method.objectTypes ? prng.alnum(6) : '<Unknown>';
    const b = this.head(node, 'INFO', 'QixPerformance.Engine.Engine');
    // Non-user activity (reloads, saves) has ProxySessionId 0; its user properties vary between versions.
    const scheduled = !method.user;
    const blankUser = scheduled && prng.chance(0.5);
    b.text(scheduled ? '0' : session.proxySessionId).sep()
      .text(scheduled ? (blankUser ? '' : 'INTERNAL') : session.user.directory).sep()
      .text(scheduled ? (blankUser ? '' : 'sa_scheduler') : session.user.userId).sep()
      .engineTs().sep()
      .text(scheduled && blankUser ? '0' : scheduled ? prng.guid() : session.engineSessionId).sep()
      .text(scheduled ? prng.pick(cluster.apps).id : session.app.id).sep()
      .text(String(this.opts.runId)).seq().sep()
      .text(method.name).sep()
      .text(processMs.toFixed(3)).sep()
      .text((processMs * (0.85 + prng.next() * 0.14)).toFixed(3)).sep()
      .text((prng.chance(0.6) ? 0 : prng.next() * 2).toFixed(3)).sep()
      .text((prng.chance(0.5) ? 0 : prng.next() * 5).toFixed(3)).sep()
      .text((prng.chance(0.5) ? 0 : prng.next() * 12).toFixed(3)).sep()
      .text(String(handle)).sep()
      .text(objectId).sep()
      .text(String(netRam)).sep()
      .text(String(netRam + Math.round(prng.logNormal(method.medianRam * 4, 1)))).sep()
      .text(method.objectTypes ? prng.pick(method.objectTypes) : '<Unknown>');
    return b.build();
  }
}
