// What a writer worker runs: the enabled destinations, each behind its delivery layer, fed with the
// BatchMessages producers send. The thread entry (workers/writer.ts) only wires ports to these methods.
//
// Entry point for workers/writer.ts:
//   const host = new WriterHost(config, { logger, reportError, registry });   // the loaded Config
//   await host.start();                   // provisions; an unreachable backend does NOT reject (reported down)
//   port.on('message', (m) => host.accept(m));   // every BatchMessage; routed by m.dest ('influxdb', 'file', ...)
//   await host.drain({ parse: n, tracker: m }, ms);  // shutdown step 1: wait until that many batches of each
//                                         // origin arrived in total, then flush; one deadline -> { received, flushed }
//   await host.stop(ms);                  // shutdown step 2: stop accepting, flush within ms, drop+count the rest
//   host.stats();                         // plain data, postable as-is: per-origin counts, unrouted, per destination
// Batches for an id that is unknown or not enabled in this writer are counted (stats().unroutedBatches) and
// logged once per id; batches after stop() are counted in afterStopBatches. reportError receives one
// ErrorReport per failed batch (never for ERROR_EVENTS batches), typed by the sink (INFLUXDB_V1_WRITE, ...).

import type { AppLogger } from '../log/logger.js';
import type { BatchMessage, BatchOrigin, ErrorReport } from '../threads/messages.js';
import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from './plugin.js';
import { systemClock, type Clock, type RandomSource, type TimerHandle } from '../clock.js';
import { DestinationDelivery } from './delivery/destination-delivery.js';
import type { DeliveryStats } from './delivery/delivery-stats.js';
import { deliveryOptions, type DeliveryOverrides } from './delivery/options.js';
import { DESTINATIONS } from './registry.js';

/** The loaded config; `delivery` may be partial (tests and tools tune only what they need). */
export type WriterHostConfig = Omit<Config, 'delivery'> & { delivery?: DeliveryOverrides };

export interface WriterHostDeps {
  logger: AppLogger;
  reportError: (report: ErrorReport) => void;
  clock?: Clock;
  random?: RandomSource;
  /** The destinations this writer hosts (those enabled are built); defaults to every registered destination. */
  registry?: readonly DestinationPlugin[];
}

export interface WriterHostStats {
  /** Batches received per producer kind. */
  receivedBatches: Record<BatchOrigin, number>;
  receivedLines: Record<BatchOrigin, number>;
  /** Batches for a destination id that is unknown or not enabled here, by id. */
  unroutedBatches: Record<string, number>;
  /** Batches that arrived after stop() began. */
  afterStopBatches: number;
  destinations: DeliveryStats[];
}

export interface DrainResult {
  /** All expected parse batches arrived before the deadline. */
  received: boolean;
  /** Everything queued was settled (written, rejected or dropped) before the deadline. */
  flushed: boolean;
}

/** Batches expected in total (since start) per producer kind; an origin left out is not waited for. */
export type ExpectedBatches = Partial<Record<BatchOrigin, number>>;

interface DrainWaiter {
  expected: ExpectedBatches | (() => boolean);
  resolve: () => void;
}

export class WriterHost {
  private readonly deliveries = new Map<string, DestinationDelivery>();
  private readonly clock: Clock;
  private readonly receivedBatches: Record<BatchOrigin, number> = { parse: 0, poller: 0, tracker: 0 };
  private readonly receivedLines: Record<BatchOrigin, number> = { parse: 0, poller: 0, tracker: 0 };
  private readonly unrouted = new Map<string, number>();
  private afterStop = 0;
  private drainWaiters: DrainWaiter[] = [];
  private stopPromise: Promise<void> | undefined;

  private readonly plugins: DestinationPlugin[] = [];

  constructor(private readonly hostConfig: WriterHostConfig, private readonly deps: WriterHostDeps) {
    this.clock = deps.clock ?? systemClock;
    for (const plugin of deps.registry ?? DESTINATIONS) {
      if (!plugin.enabled(hostConfig as Config)) continue;
      if (this.plugins.some((p) => p.id === plugin.id)) throw new Error(`Two enabled destinations share the id "${plugin.id}".`);
      this.plugins.push(plugin);
    }
  }

  destinationIds(): string[] {
    return this.plugins.map((p) => p.id);
  }

  /**
   * Builds every destination (a plugin loads its sink code only here, so producer threads never load it) and
   * starts them; an unreachable backend does not fail start (it is reported down).
   */
  async start(): Promise<void> {
    // Plugins read only their own sections, never `delivery`, which the host applies itself.
    const config = this.hostConfig as Config;
    for (const plugin of this.plugins) {
      const logger = this.deps.logger.child({ destination: plugin.id });
      const built = await plugin.create(config, { logger, clock: this.clock });
      const options = deliveryOptions(this.hostConfig.delivery, built.delivery);
      const deps = { logger, reportError: this.deps.reportError, clock: this.clock, random: this.deps.random };
      this.deliveries.set(plugin.id, new DestinationDelivery(built.sink, options, deps));
    }
    await Promise.all([...this.deliveries.values()].map((d) => d.start()));
  }

  accept(msg: BatchMessage): void {
    if (this.stopPromise) {
      this.afterStop++;
      return;
    }
    this.receivedBatches[msg.origin]++;
    this.receivedLines[msg.origin] += msg.count;
    const delivery = this.deliveries.get(msg.dest);
    if (delivery) delivery.accept(msg);
    else this.unroutable(msg.dest);
    if (this.drainWaiters.length > 0) this.checkDrainWaiters();
  }

  /**
   * Waits until the expected batches of each origin arrived in total (or, given a function, until it says
   * everything arrived: the writer thread asks the shared ledger), then flushes; all within deadlineMs.
   */
  async drain(expected: ExpectedBatches | (() => boolean), deadlineMs: number): Promise<DrainResult> {
    const endAt = this.clock.now() + deadlineMs;
    const received = await this.waitForBatches(expected, deadlineMs);
    const flushed = await this.flush(Math.max(0, endAt - this.clock.now()));
    return { received, flushed };
  }

  /** Writes everything queued now; true when all of it settled within the budget. */
  async flush(budgetMs?: number): Promise<boolean> {
    const results = await Promise.all([...this.deliveries.values()].map((d) => d.flush(budgetMs)));
    return results.every(Boolean);
  }

  /** Stops accepting, flushes within deadlineMs, then stops every destination. Idempotent. */
  stop(deadlineMs: number): Promise<void> {
    this.stopPromise ??= (async () => {
      for (const w of this.drainWaiters) w.resolve();
      this.drainWaiters = [];
      await Promise.all([...this.deliveries.values()].map((d) => d.stop(deadlineMs)));
    })();
    return this.stopPromise;
  }

  /** The thread is dying: everything in memory goes to the spool or is counted (writer_crash), synchronously. */
  evacuate(): void {
    this.stopPromise ??= Promise.resolve();
    for (const w of this.drainWaiters) w.resolve();
    this.drainWaiters = [];
    for (const d of this.deliveries.values()) d.evacuate();
  }

  stats(): WriterHostStats {
    return {
      receivedBatches: { ...this.receivedBatches },
      receivedLines: { ...this.receivedLines },
      unroutedBatches: Object.fromEntries(this.unrouted),
      afterStopBatches: this.afterStop,
      destinations: [...this.deliveries.values()].map((d) => d.stats()),
    };
  }

  private unroutable(dest: string): void {
    const seen = this.unrouted.get(dest) ?? 0;
    this.unrouted.set(dest, seen + 1);
    if (seen === 0) {
      this.deps.logger.warn({ dest, enabled: this.destinationIds() }, 'Batch for a destination that is unknown or not enabled in this writer; dropping such batches.');
    }
  }

  private arrived(expected: ExpectedBatches | (() => boolean)): boolean {
    if (typeof expected === 'function') return expected();
    for (const origin of Object.keys(expected) as BatchOrigin[]) {
      if (this.receivedBatches[origin] < (expected[origin] ?? 0)) return false;
    }
    return true;
  }

  private waitForBatches(expected: ExpectedBatches | (() => boolean), deadlineMs: number): Promise<boolean> {
    if (this.arrived(expected)) return Promise.resolve(true);
    if (this.stopPromise) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const waiter: DrainWaiter = {
        expected,
        resolve: () => {
          if (timer !== undefined) this.clock.clearTimer(timer);
          resolve(this.arrived(expected));
        },
      };
      timer = this.clock.setTimer(() => {
        timer = undefined;
        this.drainWaiters = this.drainWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, Math.max(0, deadlineMs));
      this.drainWaiters.push(waiter);
    });
  }

  private checkDrainWaiters(): void {
    const still: DrainWaiter[] = [];
    for (const w of this.drainWaiters) {
      if (this.arrived(w.expected)) w.resolve();
      else still.push(w);
    }
    this.drainWaiters = still;
  }
}
