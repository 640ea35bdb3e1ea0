#!/usr/bin/env node
// Qlik Sense simulator: `npm run sim -- --help`. UDP by default; `--api` serves the HTTPS APIs instead. A virtual cluster of N nodes sends log events of
// every source and user events to a collector at a paced rate, each datagram carrying a sequence token
// (sequence-token.ts). With `--ipc` it is driven by the bench runner over Node's fork channel instead.

import { runApiMode } from './api-mode.js';
import { runAuditMode } from './audit-mode.js';
import { createCluster, restrictNodes, type Cluster } from './cluster.js';
import { buildDatagramPools } from './datagram-pool.js';
import { renderTemplate, type DatagramTemplate, type SimSource } from './datagram-template.js';
import { activeSources, buildSchedule, DEFAULT_MIX, parseMix, type SourceMix } from './source-mix.js';
import { UdpSender, type SendResult } from './sender.js';
import { MAX_RUN_ID, MAX_SEQ } from './sequence-token.js';
import type { FromSim, SimRunReport, ToSim } from './ipc-protocol.js';
import { CliError, helpText, numberFlag, parseFlags, stringFlag, type FlagSpecs, type ParsedFlags } from '../cli-args.js';

const FLAGS: FlagSpecs = {
  host: { kind: 'value', help: 'collector host', default: '127.0.0.1' },
  'log-port': { kind: 'value', help: 'UDP port for log events', default: '9996' },
  'user-port': { kind: 'value', help: 'UDP port for user events', default: '9997' },
  rate: { kind: 'value', help: 'mean datagrams per second; 0 = as fast as possible', default: '1000' },
  duration: { kind: 'value', help: 'seconds to send', default: '10' },
  count: { kind: 'value', help: 'stop after this many datagrams', default: 'rate × duration' },
  burst: { kind: 'value', help: 'burstiness 0..0.99: square wave of rate×(1±b)', default: '0' },
  'burst-period': { kind: 'value', help: 'burst period in ms', default: '1000' },
  mix: { kind: 'value', help: 'source weights, e.g. engine=25,proxy=10,repository=16,scheduler=8,qix-perf=40,user=20' },
  nodes: { kind: 'value', help: 'nodes in the virtual cluster', default: '4' },
  'node-range': { kind: 'value', help: 'send only from nodes FROM-TO of the cluster (1-based), e.g. 5-8: one collector\'s share', default: 'all' },
  seed: { kind: 'value', help: 'seed for the cluster and the datagram pools', default: '1' },
  'run-id': { kind: 'value', help: `run id in every token, 1..${MAX_RUN_ID}`, default: 'random' },
  'seq-start': { kind: 'value', help: 'first sequence number', default: '0' },
  sockets: { kind: 'value', help: 'connected sockets per port', default: '2' },
  'pool-size': { kind: 'value', help: 'pre-generated datagrams per source', default: '4096' },
  'no-user-tokens': { kind: 'switch', help: 'plain user ids in user events (no per-event series; not counted exactly)' },
  print: { kind: 'value', help: 'print this many datagrams of the mix and exit (nothing is sent)' },
  json: { kind: 'switch', help: 'print the run summary as JSON' },
  ipc: { kind: 'switch', help: 'driven by the bench runner over the fork channel' },
  api: { kind: 'switch', help: 'serve the HTTPS Qlik APIs (health, sessions, QRS apps; client certificates checked) instead of sending UDP' },
  'cert-dir': { kind: 'value', help: 'with --api: where to write client.pem, client_key.pem, root.pem', default: './sim-certs' },
  'api-behaviour': { kind: 'value', help: 'with --api: node:api:kind[:arg];… e.g. 2:health:delay:3000;3:all:status:500;qrs:apps:html (kinds ok, html, hang, delay, status)' },
  audit: { kind: 'switch', help: 'post Audit.qs events of every type to the audit API (loopback only) instead of sending UDP' },
  'audit-port': { kind: 'value', help: 'with --audit: port of the collector\'s audit API (auditEvents.port)', default: '8195' },
  'audit-token': { kind: 'value', help: 'with --audit: auditEvents.apiToken', default: 'none' },
  'audit-concurrency': { kind: 'value', help: 'with --audit: requests in flight', default: '8' },
  help: { kind: 'switch', help: 'this text' },
};

const SETTLE_MS = 200;

const USAGE = 'Usage: npm run sim -- [flags]\n\nSends simulated Qlik Sense log events (9996) and user events (9997) over UDP.\nExits 1 when a send failed (e.g. nothing listens: ECONNREFUSED), 2 on bad flags.';

interface SimSetup {
  runId: number;
  mix: SourceMix;
  sender: UdpSender;
  pools: Map<SimSource, DatagramTemplate[]>;
  schedule: Uint8Array;
  offsetMinutes: number;
}

function setup(flags: ParsedFlags): SimSetup {
  const mix = flags.values.has('mix') ? parseMix(flags.values.get('mix') as string) : { ...DEFAULT_MIX };
  const runId = flags.values.has('run-id')
    ? numberFlag(flags, 'run-id', 1, { min: 1, max: MAX_RUN_ID, integer: true })
    : 1 + Math.floor(Math.random() * MAX_RUN_ID);
  const cluster = nodeRange(flags, createCluster({ nodes: numberFlag(flags, 'nodes', 4, { min: 1, max: 1000, integer: true }), seed: stringFlag(flags, 'seed', '1') }));
  const pools = buildDatagramPools(
    cluster,
    { runId, size: numberFlag(flags, 'pool-size', 4096, { min: 16, max: 1 << 20, integer: true }), userTokens: !flags.switches.has('no-user-tokens') },
    activeSources(mix),
  );
  const schedule = buildSchedule(mix);
  return { runId, mix, pools, schedule, offsetMinutes: cluster.utcOffsetMinutes, sender: new UdpSender(pools, schedule, cluster.utcOffsetMinutes) };
}

function nodeRange(flags: ParsedFlags, cluster: Cluster): Cluster {
  const raw = flags.values.get('node-range');
  if (raw === undefined) return cluster;
  const m = /^(\d+)-(\d+)$/.exec(raw as string);
  if (!m || Number(m[1]) > Number(m[2])) throw new CliError(`--node-range: "${raw}" is not FROM-TO, e.g. 5-8`);
  return restrictNodes(cluster, Number(m[1]), Number(m[2]));
}

function target(flags: ParsedFlags) {
  return {
    host: stringFlag(flags, 'host', '127.0.0.1'),
    logPort: numberFlag(flags, 'log-port', 9996, { min: 1, max: 65535, integer: true }),
    userPort: numberFlag(flags, 'user-port', 9997, { min: 1, max: 65535, integer: true }),
    sockets: numberFlag(flags, 'sockets', 2, { min: 1, max: 16, integer: true }),
  };
}

export function toReport(r: SendResult): SimRunReport {
  return { ...r, log: r.log.toJSON() };
}

function printSamples(s: SimSetup, count: number): void {
  const cursors = new Map<SimSource, number>();
  const sources = ['engine', 'proxy', 'repository', 'scheduler', 'qix-perf', 'user'] as const;
  for (let i = 0; i < count; i++) {
    const source = sources[s.schedule[i % s.schedule.length]];
    const pool = s.pools.get(source) as DatagramTemplate[];
    const at = cursors.get(source) ?? 0;
    cursors.set(source, at + 1);
    console.log(renderTemplate(pool[at % pool.length], i, Date.now(), s.offsetMinutes));
  }
}

async function runOnce(flags: ParsedFlags, s: SimSetup): Promise<void> {
  const rate = numberFlag(flags, 'rate', 1000, { min: 0, max: 10_000_000 });
  const durationS = numberFlag(flags, 'duration', 10, { min: 0.001, max: 86_400 });
  const seqStart = numberFlag(flags, 'seq-start', 0, { min: 0, max: MAX_SEQ, integer: true });
  const defaultCount = rate === 0 ? MAX_SEQ - seqStart + 1 : Math.ceil(rate * durationS);
  const maxCount = numberFlag(flags, 'count', defaultCount, { min: 1, max: MAX_SEQ - seqStart + 1, integer: true });
  const to = target(flags);
  await s.sender.open(to);
  process.once('SIGINT', () => s.sender.stop());
  const result = await s.sender.run({
    ratePerSec: rate, durationMs: durationS * 1000, maxCount, seqStart,
    burstiness: numberFlag(flags, 'burst', 0, { min: 0, max: 0.99 }),
    burstPeriodMs: numberFlag(flags, 'burst-period', 1000, { min: 1, max: 3_600_000 }),
  });
  // ICMP "port unreachable" comes back a moment after the last send; give it time to be counted.
  if (result.errors === 0) await new Promise((r) => setTimeout(r, SETTLE_MS));
  result.errors = Math.max(result.errors, s.sender.errorCount);
  result.firstError ??= s.sender.firstErrorText;
  await s.sender.close();
  const perSec = Math.round(result.sent / (result.activeMs / 1000));
  if (flags.switches.has('json')) {
    const { log: _log, ...summary } = toReport(result);
    console.log(JSON.stringify({ runId: s.runId, perSec, ...summary }));
  } else {
    console.log(`run ${s.runId}: sent ${result.sent} datagrams in ${(result.activeMs / 1000).toFixed(2)} s (${perSec}/s) to ${to.host}:${to.logPort}/${to.userPort}`);
    console.log(`  by source: ${Object.entries(result.bySource).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ')}`);
    console.log(`  sequence ${result.seqStart}..${result.seqEnd - 1}; socket errors: ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}`);
  }
  if (result.errors > 0) {
    // ECONNREFUSED on a connected socket means nothing listened: the run did not deliver, and scripts must see it.
    console.error(`sim: ${result.errors} send error(s), first: ${result.firstError}; not every datagram was delivered.`);
    process.exitCode = 1;
  }
}

/** Bench mode: one long-lived sender, one send plan per request. */
function serveIpc(s: SimSetup): void {
  const send = (msg: FromSim): void => void process.send?.(msg);
  let poolBytes = 0;
  let templates = 0;
  for (const pool of s.pools.values()) for (const t of pool) (poolBytes += t.bytes.length), templates++;
  process.on('message', (raw: ToSim) => {
    if (raw.type === 'exit') {
      void s.sender.close().then(() => process.exit(0));
      return;
    }
    s.sender
      .open(raw.target)
      .then(() => s.sender.run(raw.plan))
      .then((r) => send({ type: 'result', id: raw.id, report: toReport(r) }))
      .catch((err: Error) => send({ type: 'error', id: raw.id, message: err.message }));
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', runId: s.runId, poolBytes, avgDatagramBytes: Math.round(poolBytes / Math.max(1, templates)) });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.switches.has('help')) {
    console.log(helpText(USAGE, FLAGS));
    return;
  }
  if (flags.switches.has('audit')) return auditMode(flags);
  const s = setup(flags);
  if (flags.values.has('print')) return printSamples(s, numberFlag(flags, 'print', 10, { min: 1, max: 100_000, integer: true }));
  if (flags.switches.has('ipc')) return serveIpc(s);
  if (flags.switches.has('api')) {
    return runApiMode({
      nodes: numberFlag(flags, 'nodes', 4, { min: 1, max: 1000, integer: true }),
      seed: stringFlag(flags, 'seed', '1'),
      certDir: stringFlag(flags, 'cert-dir', './sim-certs'),
      behaviours: stringFlag(flags, 'api-behaviour', ''),
      durationS: flags.values.has('duration') ? numberFlag(flags, 'duration', 10, { min: 0.001, max: 86_400 }) : 86_400,
    });
  }
  await runOnce(flags, s);
}

async function auditMode(flags: ParsedFlags): Promise<void> {
  const rate = numberFlag(flags, 'rate', 100, { min: 0, max: 1_000_000 });
  const durationS = numberFlag(flags, 'duration', 10, { min: 0.001, max: 86_400 });
  const report = await runAuditMode({
    host: stringFlag(flags, 'host', '127.0.0.1'),
    port: numberFlag(flags, 'audit-port', 8195, { min: 1, max: 65535, integer: true }),
    token: stringFlag(flags, 'audit-token', ''),
    rate,
    durationS,
    count: flags.values.has('count') ? numberFlag(flags, 'count', 1, { min: 1, max: 1e9, integer: true }) : rate > 0 ? Math.ceil(rate * durationS) : 1_000_000,
    concurrency: numberFlag(flags, 'audit-concurrency', 8, { min: 1, max: 256, integer: true }),
  });
  console.log(flags.switches.has('json') ? JSON.stringify(report) : `sim: ${report.sent} audit events in ${report.elapsedMs} ms (${report.acceptedPerS}/s accepted); by status: ${JSON.stringify(report.byStatus)}`);
  if (report.sent !== (report.byStatus['202'] ?? 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof CliError || err instanceof RangeError ? `sim: ${err.message}` : err);
  process.exit(2);
});
