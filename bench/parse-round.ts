// One build's parse side as a function of the datagrams, for `parse-micro --against` (parse-ab.ts): this file is
// imported from each of the two builds, so each side runs its own SliceParser, rings and encoders.
import { SocketKind } from '../src/ingest/ring-layout.js';
import { RingWriter } from '../src/ingest/ring-writer.js';
import { silentLogger } from '../src/log/logger.js';
import type { InfluxVersion } from '../src/points/point.js';
import { destinationRoutes } from '../src/destinations/routes.js';
import { publisherFor } from '../src/publish/publish-table.js';
import { SliceParser } from '../src/pipeline/parse/slice-parser.js';
import { benchConfig, sliced, type Datagram, type Rings } from './parse-input.js';

/**
 * One build's SliceParser over `all`, as `--against` runs it: datagrams written into this build's rings in
 * slices and parsed; returns the records parsed. Another build's copy of this file is what `parse-micro --against` imports (parse-ab.ts).
 */
export function sliceParserRound(version: InfluxVersion, slice: number): (all: readonly Datagram[]) => number {
  const config = benchConfig(version);
  const rings: Rings = { log: RingWriter.create(64 << 20, SocketKind.LOG), user: RingWriter.create(16 << 20, SocketKind.USER) };
  const parser = new SliceParser({
    config, publisher: publisherFor(config, { routes: destinationRoutes(config, 1), writerCount: 1 }, 'parse', () => {}), appName: () => undefined,
    postStats: () => {}, reportError: () => {}, logger: silentLogger(),
  });
  return (all) => {
    let n = 0;
    sliced(rings, all, slice, (socket, ring, start, end, count) => {
      n += parser.parse(socket, ring.sab, { ring: ring.id, start, end, count }).records;
    });
    return n;
  };
}
