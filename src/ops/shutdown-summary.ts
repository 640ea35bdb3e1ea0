// What an admin reads when the collector stops: per UDP port what arrived and what was lost, per destination
// what was written, dropped and spooled. Ring offsets and slice counts are for developers: debug only.
import type { DeliveryStats } from '../destinations/delivery/delivery-stats.js';
import type { RingCounters } from '../ingest/ring-layout.js';
import type { AppLogger } from '../log/logger.js';

export interface SocketTotals {
  socket: 'log' | 'user';
  /** The bound port; null when the socket was not opened. */
  port: number | null;
  counters: RingCounters;
}

export interface SummaryLine {
  fields: Record<string, unknown>;
  msg: string;
}

const SOCKET_LABEL = { log: 'Log events', user: 'User events' } as const;

function socketLine({ socket, port, counters: c }: SocketTotals): SummaryLine {
  const dropped = { tooLarge: c.droppedSize, overRateLimit: c.droppedRateLimit, queueFull: c.droppedRingFull };
  const droppedTotal = dropped.tooLarge + dropped.overRateLimit + dropped.queueFull;
  const refused = c.droppedSource > 0 ? `, ${c.droppedSource} from senders not allowed` : '';
  return {
    fields: { socket, port, received: c.received, dropped, lost: c.datagramsLost, refusedSenders: c.droppedSource },
    msg: `${SOCKET_LABEL[socket]} on UDP port ${port}: ${c.received} received, ${droppedTotal} dropped, ${c.datagramsLost} lost${refused}.`,
  };
}

function destinationLine(d: DeliveryStats): SummaryLine {
  const droppedTotal = Object.values(d.droppedLines).reduce((a, b) => a + b, 0);
  const left = d.queuedLines + d.inFlightLines;
  return {
    fields: { destination: d.id, written: d.writtenLines, dropped: d.droppedLines, spooled: d.spooledLines, inSpool: d.spoolLines, notDelivered: left },
    msg:
      `Destination ${d.id}: ${d.writtenLines} lines written, ${droppedTotal} dropped, ${d.spooledLines} spooled` +
      `${d.spoolLines > 0 ? ` (${d.spoolLines} still in the spool for the next start)` : ''}${left > 0 ? `, ${left} not delivered` : ''}.`,
  };
}

export function shutdownSummary(sockets: SocketTotals[], destinations: DeliveryStats[]): SummaryLine[] {
  return [...sockets.filter((s) => s.port !== null).map(socketLine), ...destinations.map(destinationLine)];
}

/** One info line per listening port and per destination; the raw counters at debug. */
export function logShutdownSummary(logger: AppLogger, sockets: SocketTotals[], destinations: DeliveryStats[]): void {
  for (const line of shutdownSummary(sockets, destinations)) logger.info(line.fields, line.msg);
  logger.debug({ rings: Object.fromEntries(sockets.map((s) => [s.socket, s.counters])), destinations }, 'Shutdown internals.');
}
