// Helpers over a batch body (newline-separated line protocol) for the two cases where a sink must send less
// than the whole batch: InfluxDB 2.x refuses a whole request for one malformed line (HTTP 400), and any version
// refuses a request that is too large (HTTP 413). Only used on those error paths, never per write.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The non-empty lines of a body. */
export function linesOf(body: Uint8Array): string[] {
  return decoder.decode(body).split('\n').filter((l) => l.trim() !== '');
}

export function bodyOf(lines: readonly string[]): Uint8Array {
  return encoder.encode(lines.length === 0 ? '' : lines.join('\n') + '\n');
}

/** The body split into two halves by line count (first half first); null when it has fewer than two lines. */
export function halves(body: Uint8Array): [Uint8Array, Uint8Array] | null {
  const lines = linesOf(body);
  if (lines.length < 2) return null;
  const mid = Math.ceil(lines.length / 2);
  return [bodyOf(lines.slice(0, mid)), bodyOf(lines.slice(mid))];
}

/**
 * The lines without those the server named as malformed. A named line matches a body line exactly, or (when the
 * server shortened it) as a prefix. Returns null when a named line cannot be found: then nothing is removed.
 */
export function withoutLines(lines: readonly string[], named: readonly string[]): { kept: string[]; removed: string[] } | null {
  const removeAt = new Set<number>();
  for (const bad of named) {
    let at = lines.findIndex((l, i) => !removeAt.has(i) && l === bad);
    if (at === -1 && bad.length >= 20) at = lines.findIndex((l, i) => !removeAt.has(i) && l.startsWith(bad));
    if (at === -1) return null;
    removeAt.add(at);
  }
  const kept: string[] = [];
  const removed: string[] = [];
  lines.forEach((l, i) => (removeAt.has(i) ? removed : kept).push(l));
  return { kept, removed };
}
