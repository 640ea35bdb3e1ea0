#!/usr/bin/env node
// `node dist/bench/profile-summary.js FILE.cpuprofile... [--top N]`: the self and inclusive time of the
// hottest functions of V8 CPU profiles (written by `npm run bench -- --node-args '--cpu-prof
// --cpu-prof-dir=DIR'`, one file per collector thread). Prints which thread a profile is from by its busiest
// project file, so the main thread, parse workers and writers can be told apart without a thread name.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionCost {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  wallMs: number;
  /** Sampled time not spent in `(idle)` or `(program)` waiting. */
  busyMs: number;
  functions: FunctionCost[];
}

function label(f: CallFrame): string {
  const file = f.url === '' ? '' : ` ${f.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/').replace(/^node:/, 'node:')}:${f.lineNumber + 1}`;
  return `${f.functionName || '(anonymous)'}${file}`;
}

/** Self and inclusive milliseconds per function label; recursion is counted once per sample. */
export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]);
    if (leaf === undefined) continue;
    const leafName = label(leaf.callFrame);
    self.set(leafName, (self.get(leafName) ?? 0) + ms);
    if (leaf.callFrame.functionName !== '(idle)') busy += ms;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const name = label((byId.get(id) as ProfileNode).callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const functions = [...total.entries()].map(([name, totalMs]) => ({ name, selfMs: self.get(name) ?? 0, totalMs }));
  return { wallMs: (profile.endTime - profile.startTime) / 1000, busyMs: busy, functions };
}

function fmt(ms: number, busy: number): string {
  return `${ms.toFixed(0).padStart(7)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
}

function main(argv: string[]): void {
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 25;
  const files = argv.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  if (files.length === 0) {
    console.log('Usage: node dist/bench/profile-summary.js FILE.cpuprofile... [--top N]');
    return;
  }
  for (const file of files) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    console.log(`\n== ${basename(file)}: wall ${s.wallMs.toFixed(0)} ms, busy ${s.busyMs.toFixed(0)} ms (${((s.busyMs / s.wallMs) * 100).toFixed(0)}%)`);
    console.log('-- self');
    for (const f of [...s.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`${fmt(f.selfMs, s.busyMs)}  ${f.name}`);
    console.log('-- inclusive');
    for (const f of [...s.functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`${fmt(f.totalMs, s.busyMs)}  ${f.name}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) main(process.argv.slice(2));
