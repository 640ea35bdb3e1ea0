// `parse-micro --against DIR`: this build's parse side against another build's, in one process. On a shared or
// virtual machine the speed of a core drifts by tens of percent within minutes, more than most single changes
// gain; alternating the two builds every fraction of a second over the same datagrams cancels that drift, and
// the CPU ratio per pair of rounds is what is reported (docs/benchmarks.md, round 6).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InfluxVersion } from '../src/points/point.js';
import { CliError } from './cli-args.js';
import { median, type Datagram } from './parse-input.js';
import { sliceParserRound } from './parse-round.js';

function cpuUs(run: () => number): number {
  const cpu0 = process.cpuUsage();
  const n = run();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

/** The other build's parse-round.js, checked before any work starts. */
export function againstFile(root: string): string {
  const file = join(resolve(root), 'dist', 'bench', 'parse-round.js');
  if (!existsSync(file)) throw new CliError(`--against: ${file} does not exist (give the root of a build, the directory that holds its dist/)`);
  return file;
}

/** `--against`: this build (B) and the other (A) alternate in rounds of `all`; medians and the per-pair ratio. */
export async function against(file: string, root: string, all: readonly Datagram[], rounds: number, version: InfluxVersion, slice: number): Promise<void> {
  const other = (await import(pathToFileURL(file).href)) as { sliceParserRound?: typeof sliceParserRound };
  if (typeof other.sliceParserRound !== 'function') throw new CliError(`--against: ${file} has no sliceParserRound`);
  const a = other.sliceParserRound(version, slice);
  const b = sliceParserRound(version, slice);
  const us: { a: number[]; b: number[]; ratio: number[] } = { a: [], b: [], ratio: [] };
  for (let r = 0; r < rounds; r++) {
    // Both orders, so neither build always runs right after the other's garbage.
    const first = r % 2 === 0;
    const ua = first ? cpuUs(() => a(all)) : 0;
    const ub = cpuUs(() => b(all));
    const ua2 = first ? ua : cpuUs(() => a(all));
    if (r < 2) continue; // warm-up of both
    us.a.push(ua2);
    us.b.push(ub);
    us.ratio.push(ub / ua2);
  }
  const q = (xs: number[], f: number): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * f)];
  console.log(`A (${root}) ${median(us.a).toFixed(2)} µs/event, B (this build) ${median(us.b).toFixed(2)} µs/event`);
  console.log(`B/A per pair: median ${median(us.ratio).toFixed(3)}, quartiles ${q(us.ratio, 0.25).toFixed(3)}–${q(us.ratio, 0.75).toFixed(3)} over ${us.ratio.length} pairs`);
}
