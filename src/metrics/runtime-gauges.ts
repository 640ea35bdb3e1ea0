// Per-thread runtime figures for /metrics: V8 heap of this thread's isolate and its event-loop delay. Each
// thread has its own heap and event loop, so each thread posts its own figures (one gauge-set message every
// interval on the metrics channel); the soak bench reads them to show memory and latency are flat over time.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { MetricsPoster } from './publish.js';
import type { GaugeSetMessage } from './messages.js';

export const RUNTIME_INTERVAL_MS = 5_000;
// The histogram samples a 10 ms timer and records the time between its callbacks, resolution included: an
// idle loop reads 10 ms. The resolution is subtracted so the gauge is the delay itself.
const RESOLUTION_MS = 10;

/** Starts posting `thread`'s heap and event-loop delay; returns a function that stops it. */
export function startRuntimeGauges(channel: MetricsPoster, thread: string, intervalMs = RUNTIME_INTERVAL_MS): () => void {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const timer = setInterval(() => {
    const heap = getHeapStatistics();
    const seconds = (ns: number): number => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1000 : 0);
    const msg: GaugeSetMessage = {
      t: 'gauge-set',
      items: [
        { name: 'butlersos_collector_thread_heap_used_bytes', help: 'V8 heap used by the thread (each thread has its own heap).', labels: { thread }, value: heap.used_heap_size },
        { name: 'butlersos_collector_thread_heap_total_bytes', help: 'V8 heap size of the thread.', labels: { thread }, value: heap.total_heap_size },
        { name: 'butlersos_collector_event_loop_delay_seconds', help: 'Event-loop delay of the thread over the last interval, by quantile.', labels: { thread, quantile: '0.99' }, value: seconds(delay.percentile(99)) },
        { name: 'butlersos_collector_event_loop_delay_seconds', help: 'Event-loop delay of the thread over the last interval, by quantile.', labels: { thread, quantile: '1' }, value: seconds(delay.max) },
      ],
    };
    delay.reset();
    channel.postMessage(msg);
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}
