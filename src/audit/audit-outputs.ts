import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from '../destinations/plugin.js';
import { systemClock } from '../clock.js';
import { DestinationDelivery } from '../destinations/delivery/destination-delivery.js';
import { deliveryOptions } from '../destinations/delivery/options.js';
import type { AppLogger } from '../log/logger.js';
import type { BatchMessage, DataModule, ErrorReport } from '../threads/messages.js';
import { AUDIT_EVENTS, type AuditEventDatum } from './datum.js';

// publishAuditEvent(datum): where the audit API hands every accepted event. Until audit events are a kind of
// published data (docs/audit-events.md, "Delivery"), the http thread hosts the audit destinations itself: each
// plugin's encoder makes the records and its DestinationDelivery batches, retries and spools them, exactly as a
// writer thread would.

const encoder = new TextEncoder();

interface Output {
  plugin: DestinationPlugin;
  encode: (datum: AuditEventDatum, out: (record: string) => void) => void;
  logger: AppLogger;
  /** Built in start(): a plugin loads its sink code only then. */
  delivery?: DestinationDelivery;
}

export class AuditOutputs {
  private readonly outputs: Output[] = [];

  constructor(config: Config, plugins: readonly DestinationPlugin[], deps: { logger: AppLogger; reportError: (r: ErrorReport) => void; appVersion: string }) {
    for (const plugin of plugins) {
      if (!plugin.enabled(config) || !plugin.takes(config, AUDIT_EVENTS as DataModule)) continue;
      const logger = deps.logger.child({ destination: plugin.id });
      const encoders = plugin.encoding(config, { appVersion: deps.appVersion }).encoders as Record<string, Output['encode'] | undefined>;
      const encode = encoders[AUDIT_EVENTS];
      if (!encode) continue;
      this.outputs.push({ plugin, encode, logger });
    }
    this.config = config;
    this.reportError = deps.reportError;
  }

  private readonly config: Config;
  private readonly reportError: (r: ErrorReport) => void;

  get ids(): string[] {
    return this.outputs.map((o) => o.plugin.id);
  }

  describe(config: Config): string[] {
    return this.outputs.map((o) => o.plugin.describe(config));
  }

  async start(): Promise<void> {
    for (const o of this.outputs) {
      const built = await o.plugin.create(this.config, { logger: o.logger, clock: systemClock });
      o.delivery = new DestinationDelivery(built.sink, deliveryOptions(this.config.delivery, built.delivery), { logger: o.logger, reportError: this.reportError });
    }
    await Promise.all(this.outputs.map((o) => o.delivery?.start()));
  }

  /** Encodes the event for every audit output and queues it there; never throws for a backend problem. */
  readonly publishAuditEvent = (datum: AuditEventDatum): void => {
    for (const o of this.outputs) {
      if (!o.delivery) continue;
      const records: string[] = [];
      o.encode(datum, (r) => records.push(r));
      if (records.length === 0) continue;
      const msg: BatchMessage = {
        t: 'batch',
        origin: 'poller',
        dest: o.plugin.id,
        module: AUDIT_EVENTS as DataModule,
        count: records.length,
        body: encoder.encode(records.join('\n') + '\n'),
      };
      o.delivery?.accept(msg);
    }
  };

  /** Writes what is queued now; true when all of it settled within the budget. */
  async flush(budgetMs?: number): Promise<boolean> {
    const done = await Promise.all(this.outputs.map((o) => o.delivery?.flush(budgetMs) ?? true));
    return done.every(Boolean);
  }

  async stop(deadlineMs: number): Promise<void> {
    await Promise.all(this.outputs.map((o) => o.delivery?.stop(deadlineMs)));
  }

  stats() {
    return this.outputs.flatMap((o) => (o.delivery ? [o.delivery.stats()] : []));
  }
}
