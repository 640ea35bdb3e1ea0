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
//   await host.reconcile(config, registry, ms);  // a reload: keep, replace, add; removed ones stay until...
//   await host.retire(ms);                // ...every producer switched: then they are flushed and stopped.
// Batches for an id that is unknown or not enabled in this writer are counted (stats().unroutedBatches) and
// logged once per id; batches after stop() are counted in afterStopBatches. reportError receives one
// ErrorReport per failed batch (never for ERROR_EVENTS batches), typed by the sink (INFLUXDB_V1_WRITE, ...).
// Destinations stopped by a reload stay in stats(), their counters added to their successor's.

import type { AppLogger } from '../log/logger.js';
import type { BatchMessage, BatchOrigin, ErrorReport } from '../threads/messages.js';
import type { Config } from '../config/schema/index.js';
import type { DestinationPlugin } from './plugin.js';
import { systemClock, type Clock, type RandomSource, type TimerHandle } from '../clock.js';
import { DestinationDelivery } from './delivery/destination-delivery.js';
import { addDeliveryStats, type DeliveryStats } from './delivery/delivery-stats.js';
import { deliveryOptions, type DeliveryOverrides } from './delivery/options.js';
import { DESTINATIONS } from './registry.js';
import { HeldBatches } from './held-batches.js';
import { destinationFingerprint, enabledPlugins, planDestinations, type ReconcileResult } from './reconcile.js';

export type { ReconcileResult } from './reconcile.js';

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
  /** Destination id → the fingerprint it was built with (reconcile.ts). */
  private readonly built = new Map<string, string>();
  /** Removed by a reload, still taking batches routed to them before it (until retire()). */
  private readonly leaving = new Map<string, DestinationDelivery>();
  /** Batches for a destination being replaced, held while the old instance writes or spools its queue. */
  private readonly holding = new Map<string, HeldBatches>();
  /** Final stats of instances a reload stopped. */
  private readonly past: DeliveryStats[] = [];
  private readonly clock: Clock;
  private readonly receivedBatches: Record<BatchOrigin, number> = { parse: 0, poller: 0, tracker: 0 };
  private readonly receivedLines: Record<BatchOrigin, number> = { parse: 0, poller: 0, tracker: 0 };
  private readonly unrouted = new Map<string, number>();
  private afterStop = 0;
  private drainWaiters: DrainWaiter[] = [];
  private stopPromise: Promise<void> | undefined;
  private plugins: DestinationPlugin[];

  constructor(private hostConfig: WriterHostConfig, private readonly deps: WriterHostDeps) {
    this.clock = deps.clock ?? systemClock;
    this.plugins = enabledPlugins(hostConfig, deps.registry ?? DESTINATIONS);
  }

  destinationIds(): string[] {
    return this.plugins.map((p) => p.id);
  }

  /**
   * Builds every destination (a plugin loads its sink code only here, so producer threads never load it) and
   * starts them; an unreachable backend does not fail start (it is reported down).
   */
  async start(): Promise<void> {
    for (const plugin of this.plugins) {
      this.deliveries.set(plugin.id, await this.create(plugin));
      this.built.set(plugin.id, destinationFingerprint(plugin, this.hostConfig));
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
    const held = this.holding.get(msg.dest);
    const delivery = held ? undefined : (this.deliveries.get(msg.dest) ?? this.leaving.get(msg.dest));
    if (held) held.push(msg);
    else if (delivery) delivery.accept(msg);
    else this.unroutable(msg.dest);
    if (this.drainWaiters.length > 0) this.checkDrainWaiters();
  }

  /**
   * Applies a reloaded configuration (with the plugins of the destinations now pinned to this writer): an
   * unchanged destination keeps running untouched; a changed one is replaced: the new instance is built while
   * the old one still takes batches, then batches for it are held while the old instance writes its queue
   * within budgetMs (what it cannot write goes to the spool the new one replays first, or is counted as at
   * shutdown), then the new one starts and takes them; an added one starts; a removed one keeps taking
   * batches routed to it before the reload until retire().
   */
  async reconcile(config: WriterHostConfig, registry: readonly DestinationPlugin[], budgetMs: number): Promise<ReconcileResult> {
    if (this.stopPromise) return { kept: [], replaced: [], added: [], leaving: [] };
    const changes = planDestinations(this.built, config, registry);
    this.hostConfig = config;
    this.plugins = enabledPlugins(config, registry);
    for (const id of changes.remove) {
      this.leaving.set(id, this.deliveries.get(id)!);
      this.deliveries.delete(id);
      this.built.delete(id);
    }
    const add = async (plugin: DestinationPlugin): Promise<void> => {
      const delivery = await this.create(plugin);
      this.deliveries.set(plugin.id, delivery);
      this.built.set(plugin.id, destinationFingerprint(plugin, config));
      await delivery.start();
    };
    // Every change finishes before this answers, even when one fails (a plugin that cannot build its sink).
    const done = await Promise.allSettled([...changes.add.map(add), ...changes.replace.map((p) => this.replace(p, budgetMs))]);
    const failed = done.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { kept: changes.keep, replaced: changes.replace.map((p) => p.id), added: changes.add.map((p) => p.id), leaving: changes.remove };
  }

  /** After every producer switched to the new routes: flushes and stops the destinations a reload removed. */
  async retire(budgetMs: number): Promise<string[]> {
    const leaving = [...this.leaving];
    await Promise.all(leaving.map(([, d]) => this.stopInstance(d, budgetMs)));
    for (const [id] of leaving) this.leaving.delete(id);
    return leaving.map(([id]) => id);
  }

  private async replace(plugin: DestinationPlugin, budgetMs: number): Promise<void> {
    const old = this.deliveries.get(plugin.id)!;
    // Built before the old one stops: a plugin that throws leaves the old one running (reconcile rejects).
    const next = await this.create(plugin);
    const held = new HeldBatches(next);
    this.holding.set(plugin.id, held);
    try {
      await this.stopInstance(old, budgetMs);
      this.deliveries.set(plugin.id, next);
      this.built.set(plugin.id, destinationFingerprint(plugin, this.hostConfig));
      // Replays what the old instance spooled before anything new.
      await next.start();
    } finally {
      this.holding.delete(plugin.id);
      this.deliveries.set(plugin.id, next);
      held.release();
    }
  }

  private async stopInstance(d: DestinationDelivery, budgetMs: number): Promise<void> {
    await d.stop(budgetMs);
    this.past.push(d.stats());
  }

  private async create(plugin: DestinationPlugin): Promise<DestinationDelivery> {
    // Plugins read only their own sections, never `delivery`, which the host applies itself.
    const config = this.hostConfig;
    const logger = this.deps.logger.child({ destination: plugin.id });
    const built = await plugin.create(config as Config, { logger, clock: this.clock });
    const options = deliveryOptions(config.delivery, built.delivery);
    return new DestinationDelivery(built.sink, options, { logger, reportError: this.deps.reportError, clock: this.clock, random: this.deps.random });
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
    const results = await Promise.all(this.running().map((d) => d.flush(budgetMs)));
    return results.every(Boolean);
  }

  /** Stops accepting, flushes within deadlineMs, then stops every destination. Idempotent. */
  stop(deadlineMs: number): Promise<void> {
    this.stopPromise ??= (async () => {
      for (const w of this.drainWaiters) w.resolve();
      this.drainWaiters = [];
      await Promise.all(this.running().map((d) => d.stop(deadlineMs)));
    })();
    return this.stopPromise;
  }

  /** The thread is dying: everything in memory goes to the spool or is counted (writer_crash), synchronously. */
  evacuate(): void {
    this.stopPromise ??= Promise.resolve();
    for (const w of this.drainWaiters) w.resolve();
    this.drainWaiters = [];
    for (const d of this.running()) d.evacuate();
  }

  stats(): WriterHostStats {
    return {
      receivedBatches: { ...this.receivedBatches },
      receivedLines: { ...this.receivedLines },
      unroutedBatches: Object.fromEntries(this.unrouted),
      afterStopBatches: this.afterStop,
      destinations: this.destinationStats(),
    };
  }

  /** Per destination id: the running instance's stats plus those of every instance a reload stopped. */
  private destinationStats(): DeliveryStats[] {
    const byId = new Map<string, DeliveryStats>();
    for (const s of this.running().map((d) => d.stats())) byId.set(s.id, s);
    for (const s of this.past) byId.set(s.id, byId.has(s.id) ? addDeliveryStats(byId.get(s.id)!, s) : s);
    return [...byId.values()];
  }

  private running(): DestinationDelivery[] {
    return [...this.deliveries.values(), ...this.leaving.values()];
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
