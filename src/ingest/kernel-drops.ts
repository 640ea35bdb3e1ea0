// Datagrams the kernel dropped because a UDP socket's receive buffer was full: the `drops` column of
// /proc/net/udp and /proc/net/udp6 (Linux), summed over every socket bound to the port (SO_REUSEPORT groups
// included). These never reach the collector, so no ring counter can see them. Null where /proc is missing
// or no socket is bound to the port.
import { readFileSync } from 'node:fs';

function dropsIn(file: string, ports: readonly number[]): { found: boolean; drops: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { found: false, drops: 0 };
  }
  let found = false;
  let drops = 0;
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    const port = parseInt(cols[1].slice(cols[1].lastIndexOf(':') + 1), 16);
    if (!ports.includes(port)) continue;
    found = true;
    drops += Number(cols[cols.length - 1]);
  }
  return { found, drops };
}

/** Kernel receive-buffer drops of the UDP sockets bound to `ports`, or null when unknown. */
export function readSocketDrops(ports: readonly number[]): number | null {
  const v4 = dropsIn('/proc/net/udp', ports);
  const v6 = dropsIn('/proc/net/udp6', ports);
  return v4.found || v6.found ? v4.drops + v6.drops : null;
}
