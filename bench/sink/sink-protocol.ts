// Messages between the bench runner and its sink worker.
import type { CeilingOptions, CeilingResult } from './ceiling.js';
import type { StepSnapshot } from './seq-tracker.js';

export interface SinkWorkerData {
  host: string;
  /** 0: any free port. */
  port: number;
  runId: number;
  /** Base URL of a real InfluxDB 1.x to forward to (counting proxy); undefined: acknowledge locally. */
  upstream?: string;
}

export interface SinkRequest {
  type: 'snapshot';
  id: number;
  step: number;
}

export interface SinkSnapshot {
  type: 'snapshot';
  id: number;
  step: StepSnapshot;
  lines: number;
  eventLinesWithoutToken: number;
  foreignTokens: number;
  byMeasurement: Record<string, number>;
  /** measurement → field → sum over all writes (queue metrics are per-interval counts). */
  queue: Record<string, Record<string, number>>;
  requests: number;
  writeRequests: number;
  bodyBytes: number;
  badRequests: number;
  upstreamFailures: number;
}

/** --influxdb: replay the captured lines straight into the upstream InfluxDB (ceiling.ts). */
export interface CeilingRequest {
  type: 'ceiling';
  id: number;
  dbPrefix: string;
  options: CeilingOptions;
}

export type SinkReply = { type: 'listening'; port: number } | SinkSnapshot | { type: 'ceiling'; id: number; result: CeilingResult | null };
