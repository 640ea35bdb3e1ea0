import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// /ready's disk check: the spool directory must take a write, or an outage would lose data instead of spooling
// it. A probe file is written and removed; the answer is cached briefly so probes hammering /ready do not hit
// the disk each time.

const CACHE_MS = 2_000;

export class SpoolWritable {
  private checkedAt = -Infinity;
  private last: string | null = null;
  private readonly probe: string;

  constructor(
    private readonly directory: string,
    private readonly now: () => number = Date.now,
  ) {
    this.probe = join(directory, `.ready-probe-${process.pid}`);
  }

  /** null when writable, else why not (naming the directory). */
  async problem(): Promise<string | null> {
    if (this.now() - this.checkedAt < CACHE_MS) return this.last;
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(this.probe, 'ok');
      await rm(this.probe, { force: true });
      this.last = null;
    } catch (err) {
      this.last = `spool directory ${this.directory} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
    this.checkedAt = this.now();
    return this.last;
  }
}
