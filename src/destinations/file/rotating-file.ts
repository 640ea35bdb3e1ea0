// Appends to the current file of the file destination, rotating at maxFileBytes and at UTC midnight and
// deleting the oldest files beyond maxFiles. A failed append is rolled back (truncated to the size before
// it) so a retry after "disk full" does not leave half a batch in front of the full one.

import { mkdir, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import { compareFileIds, fileName, parseFileName, utcDay, type FileId } from './file-name.js';

export interface RotatingFileOptions {
  directory: string;
  maxFileBytes: number;
  maxFiles: number;
  clock: Clock;
  /** Written at the start of every new file (the `influx -import` header); counts towards maxFileBytes. */
  header?: string;
}

export class RotatingFile {
  private handle: FileHandle | undefined;
  private current: FileId | undefined;
  private size = 0;

  constructor(private readonly options: RotatingFileOptions) {}

  /** Path of the file being written ('' before the first append). */
  get path(): string {
    return this.current ? join(this.options.directory, fileName(this.current)) : '';
  }

  async ensureDirectory(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true });
  }

  async append(body: Uint8Array): Promise<void> {
    const day = utcDay(this.options.clock.now());
    const overfull = this.size > 0 && this.size + body.byteLength > this.options.maxFileBytes;
    if (!this.handle || this.current?.day !== day || overfull) await this.openFor(day, overfull && this.current?.day === day);
    const handle = this.handle!;
    const before = this.size;
    try {
      let offset = 0;
      while (offset < body.byteLength) {
        const { bytesWritten } = await handle.write(body, offset, body.byteLength - offset);
        offset += bytesWritten;
      }
      this.size += body.byteLength;
    } catch (err) {
      await this.rollback(handle, before);
      throw err;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await handle.close().catch(() => undefined);
  }

  private async openFor(day: string, next: boolean): Promise<void> {
    await this.close();
    await this.ensureDirectory();
    const files = await this.listFiles();
    let id: FileId;
    if (next && this.current) {
      id = { day, index: this.current.index + 1 };
    } else {
      // Same day (restart, or reopening after an error): continue the newest file while it has room.
      const today = files.filter((f) => f.id.day === day);
      const newest = today[today.length - 1];
      id = newest ? { day, index: newest.id.index } : { day, index: 1 };
      if (newest && newest.size >= this.options.maxFileBytes) id = { day, index: newest.id.index + 1 };
    }
    const handle = await open(join(this.options.directory, fileName(id)), 'a');
    // Set before the header is written, so an error on it names this file.
    this.current = id;
    try {
      this.size = (await handle.stat()).size;
      if (this.size === 0 && this.options.header) await this.writeHeader(handle, this.options.header);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    this.handle = handle;
    await this.prune(files, id);
  }

  private async writeHeader(handle: FileHandle, header: string): Promise<void> {
    const bytes = Buffer.from(header, 'utf8');
    let offset = 0;
    while (offset < bytes.byteLength) offset += (await handle.write(bytes, offset, bytes.byteLength - offset)).bytesWritten;
    this.size = bytes.byteLength;
  }

  /** Files of this destination, oldest first, with their sizes. */
  private async listFiles(): Promise<{ id: FileId; size: number }[]> {
    const out: { id: FileId; size: number; name: string }[] = [];
    for (const entry of await readdir(this.options.directory, { withFileTypes: true })) {
      const id = parseFileName(entry.name);
      if (id) out.push({ id, size: 0, name: entry.name });
    }
    out.sort((a, b) => compareFileIds(a.id, b.id));
    const last = out[out.length - 1];
    if (last) {
      // Only the newest file's size matters (whether to continue it); stat just that one.
      last.size = (await stat(join(this.options.directory, last.name)).catch(() => ({ size: 0 }))).size;
    }
    return out;
  }

  private async prune(existing: { id: FileId }[], opened: FileId): Promise<void> {
    const ids = existing.map((f) => f.id);
    if (!ids.some((id) => compareFileIds(id, opened) === 0)) ids.push(opened);
    ids.sort(compareFileIds);
    const excess = ids.length - Math.max(1, this.options.maxFiles);
    for (let i = 0; i < excess; i++) {
      if (compareFileIds(ids[i], opened) === 0) continue;
      await unlink(join(this.options.directory, fileName(ids[i]))).catch(() => undefined);
    }
  }

  private async rollback(handle: FileHandle, size: number): Promise<void> {
    // Best effort: if truncating fails too, the next attempt reopens the file and continues after it.
    await handle.truncate(size).catch(() => undefined);
    await this.close();
  }
}
