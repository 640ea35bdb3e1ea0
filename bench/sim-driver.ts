// The bench's handle on a simulator child process (`sim/cli.js --ipc`): one process for the whole run, so
// the sender, its datagram pools and its run id stay the same for the baseline and every step.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromSim, SimRunReport, ToSim } from './sim/ipc-protocol.js';
import type { SendPlan, SenderTarget } from './sim/sender.js';

export interface SimDriverOptions {
  runId: number;
  nodes: number;
  seed: string;
  mix?: string;
}

export class SimDriver {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: SimRunReport) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly avgDatagramBytes: number,
  ) {
    child.on('message', (msg: FromSim) => {
      if (msg.type === 'ready') return;
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.type === 'result') p?.resolve(msg.report);
      else p?.reject(new Error(`simulator: ${msg.message}`));
    });
    child.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`simulator exited with ${code}`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  static start(o: SimDriverOptions): Promise<SimDriver> {
    const args = ['--ipc', '--run-id', String(o.runId), '--nodes', String(o.nodes), '--seed', o.seed];
    if (o.mix) args.push('--mix', o.mix);
    const child = fork(fileURLToPath(new URL('./sim/cli.js', import.meta.url)), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('simulator not ready within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code} during start-up`)));
      child.once('message', (msg: FromSim) => {
        clearTimeout(timer);
        if (msg.type === 'ready') resolve(new SimDriver(child, msg.avgDatagramBytes));
        else reject(new Error(`simulator: unexpected first message ${msg.type}`));
      });
    });
  }

  run(target: SenderTarget, plan: SendPlan): Promise<SimRunReport> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'run', id, target, plan } satisfies ToSim);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies ToSim);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
