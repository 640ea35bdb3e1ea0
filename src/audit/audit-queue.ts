import type { AuditEventsConfig } from '../config/schema/audit-events.js';
import type { AuditEventDatum } from './datum.js';
import type { QueueSnapshot } from '../points/ingest-metrics.js';

// The bounded queue between the audit API and the outputs (auditEvents.queue.messageQueue): the request is
// answered once its event is queued; a turn of the event loop later up to maxConcurrent events are handed to
// publish(). Full → 503, over queue.rateLimit → 429; both counted. Its numbers are the audit_events_queue
// point (same fields as the UDP queues, docs/audit-events.md).

export type QueueRefusal = 'rate_limit' | 'queue_full';

/** The queue fields every queue point has (v15's queue fields; docs/data-model.md). */
export type AuditQueueSnapshot = QueueSnapshot;

const TIMES_KEPT = 1000;

export class AuditQueue {
  private items: AuditEventDatum[] = [];
  private head = 0;
  private scheduled = false;
  private windowStart = 0;
  private windowCount = 0;
  private counts = { received: 0, queued: 0, processed: 0, failed: 0, droppedRateLimit: 0, droppedQueueFull: 0, droppedSize: 0 };
  private times: number[] = [];
  private backpressureLogged = false;

  constructor(
    private readonly config: AuditEventsConfig['queue'],
    private readonly publish: (datum: AuditEventDatum) => void,
    private readonly onError: (err: unknown) => void,
    private readonly onBackpressure: (size: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Queues an event; says why not when it cannot take it. */
  offer(datum: AuditEventDatum): QueueRefusal | null {
    this.counts.received++;
    if (this.config.rateLimit.enable && !this.takeRate()) {
      this.counts.droppedRateLimit++;
      return 'rate_limit';
    }
    if (this.size >= this.config.messageQueue.maxSize) {
      this.counts.droppedQueueFull++;
      return 'queue_full';
    }
    this.items.push(datum);
    this.counts.queued++;
    this.checkBackpressure();
    this.schedule();
    return null;
  }

  /** A request refused for its size (413) counts as a dropped message too. */
  countDroppedSize(): void {
    this.counts.received++;
    this.counts.droppedSize++;
  }

  /** Hands everything still queued to publish() now (shutdown). */
  drainNow(): void {
    while (this.size > 0) this.runTurn();
  }

  /** The numbers since the last call (counters restart, as after a successful write in Butler SOS). */
  snapshot(): AuditQueueSnapshot {
    const max = this.config.messageQueue.maxSize;
    const sorted = [...this.times].sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    const elapsed = Math.max(1, this.now() - this.windowStart);
    const snap: AuditQueueSnapshot = {
      queueSize: this.size,
      queueMaxSize: max,
      queueUtilizationPct: (this.size / max) * 100,
      queueRunning: 0,
      messagesReceived: this.counts.received,
      messagesQueued: this.counts.queued,
      messagesProcessed: this.counts.processed,
      messagesFailed: this.counts.failed,
      messagesDroppedRateLimit: this.counts.droppedRateLimit,
      messagesDroppedQueueFull: this.counts.droppedQueueFull,
      messagesDroppedSize: this.counts.droppedSize,
      processingTimeAvgMs: sorted.length ? sum / sorted.length : 0,
      processingTimeP95Ms: sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] : 0,
      processingTimeMaxMs: sorted.length ? sorted[sorted.length - 1] : 0,
      rateLimitCurrent: this.config.rateLimit.enable ? Math.round((this.windowCount * 60_000) / Math.min(60_000, elapsed)) : 0,
      backpressureActive: this.utilisationPct() >= this.config.messageQueue.backpressureThreshold,
    };
    this.counts = { received: 0, queued: 0, processed: 0, failed: 0, droppedRateLimit: 0, droppedQueueFull: 0, droppedSize: 0 };
    this.times = [];
    return snap;
  }

  private utilisationPct(): number {
    return (this.size / this.config.messageQueue.maxSize) * 100;
  }

  private checkBackpressure(): void {
    const active = this.utilisationPct() >= this.config.messageQueue.backpressureThreshold;
    if (active && !this.backpressureLogged) this.onBackpressure(this.size);
    this.backpressureLogged = active;
  }

  private takeRate(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount >= this.config.rateLimit.maxMessagesPerMinute) return false;
    this.windowCount++;
    return true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.runTurn();
      if (this.size > 0) this.schedule();
    });
  }

  private runTurn(): void {
    const n = Math.min(this.size, this.config.messageQueue.maxConcurrent);
    for (let i = 0; i < n; i++) {
      const datum = this.items[this.head];
      this.items[this.head++] = undefined as unknown as AuditEventDatum;
      const started = performance.now();
      try {
        this.publish(datum);
        this.counts.processed++;
      } catch (err) {
        this.counts.failed++;
        this.onError(err);
      }
      if (this.times.length < TIMES_KEPT) this.times.push(performance.now() - started);
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.checkBackpressure();
  }
}
