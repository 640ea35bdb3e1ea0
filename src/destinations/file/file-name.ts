// File naming of the file destination: butler-sos-YYYY-MM-DD-NNN.lp, UTC day, NNN counting from 001
// within the day. Sorting by (day, index) is the age order used for pruning.

const PREFIX = 'butler-sos-';
const SUFFIX = '.lp';
// Anchored, no nested quantifiers: no backtracking on odd directory entries.
const NAME_RE = /^butler-sos-(\d{4}-\d{2}-\d{2})-(\d{3,})\.lp$/;

export interface FileId {
  day: string;
  index: number;
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function fileName(id: FileId): string {
  return `${PREFIX}${id.day}-${String(id.index).padStart(3, '0')}${SUFFIX}`;
}

export function parseFileName(name: string): FileId | undefined {
  const m = NAME_RE.exec(name);
  return m ? { day: m[1], index: Number(m[2]) } : undefined;
}

export function compareFileIds(a: FileId, b: FileId): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.index - b.index;
}
