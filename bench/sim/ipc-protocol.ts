// Messages between the bench runner and a simulator child process started with `--ipc` (Node's fork channel).
// The simulator builds its cluster and pools once, then runs one send plan per request, so every bench step
// uses the same sender and the same data.

import type { SendLogJson } from './send-log.js';
import type { SendPlan, SenderTarget } from './sender.js';
import type { SimSource } from './datagram-template.js';

export type ToSim =
  | { type: 'run'; id: number; target: SenderTarget; plan: SendPlan }
  | { type: 'exit' };

export interface SimRunReport {
  sent: number;
  bySource: Record<SimSource, number>;
  errors: number;
  firstError: string | null;
  seqStart: number;
  seqEnd: number;
  startEpochMs: number;
  activeMs: number;
  log: SendLogJson;
}

export type FromSim =
  | { type: 'ready'; runId: number; poolBytes: number; avgDatagramBytes: number }
  | { type: 'result'; id: number; report: SimRunReport }
  | { type: 'error'; id: number; message: string };
