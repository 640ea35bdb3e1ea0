#!/usr/bin/env node
// The bench's yardstick: a bare Node.js dgram receiver that only counts datagrams, run as its own process
// against the same sender as the collector. Its rate on this machine, measured in the same run, makes the
// collector's figures comparable across machines (ratio_to_baseline).
//
//   node dist/bench/baseline-receiver.js --log-port P --user-port Q [--rcvbuf BYTES]
// Forked with IPC: replies to {type:'stats'} with {type:'stats', count, bytes}; prints a ready line on stdout.

import dgram from 'node:dgram';
import { numberFlag, parseFlags, stringFlag } from './cli-args.js';

export interface BaselineStats {
  type: 'stats';
  count: number;
  bytes: number;
}

const flags = parseFlags(process.argv.slice(2), {
  host: { kind: 'value', help: 'bind address' },
  'log-port': { kind: 'value', help: 'port' },
  'user-port': { kind: 'value', help: 'port' },
  rcvbuf: { kind: 'value', help: 'SO_RCVBUF bytes' },
});
const host = stringFlag(flags, 'host', '127.0.0.1');
const rcvbuf = numberFlag(flags, 'rcvbuf', 8 * 1024 * 1024, { min: 0, integer: true });
let count = 0;
let bytes = 0;

function listen(port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: 'udp4', ...(rcvbuf > 0 ? { recvBufferSize: rcvbuf } : {}) });
  socket.on('message', (msg) => {
    count++;
    bytes += msg.length;
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => resolve(socket));
  });
}

const sockets = await Promise.all([
  listen(numberFlag(flags, 'log-port', 9996, { min: 1, max: 65535, integer: true })),
  listen(numberFlag(flags, 'user-port', 9997, { min: 1, max: 65535, integer: true })),
]);
process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stats') process.send?.({ type: 'stats', count, bytes } satisfies BaselineStats);
});
const shutdown = (): void => {
  for (const s of sockets) s.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('disconnect', shutdown);
console.log(JSON.stringify({ level: 'info', msg: 'baseline receiver ready', rcvbuf: sockets[0].getRecvBufferSize() }));
process.send?.({ type: 'ready' });
