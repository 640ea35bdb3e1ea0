// Splits the items of one batch into request bodies within New Relic's limits. Chunks are a pure function
// of the items and the limits, so a retried batch produces the same chunks and the sink can remember which
// of them an account already accepted.

export interface Chunk {
  /** Index of the first item and one past the last. */
  start: number;
  end: number;
}

/** Greedy split: each chunk holds at most maxItems items and maxBytes bytes of `[a,b,...]` JSON. */
export function chunkItems(serialised: readonly string[], maxItems: number, maxBytes: number): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let bytes = 2; // the brackets
  for (let i = 0; i < serialised.length; i++) {
    const size = Buffer.byteLength(serialised[i]) + (i > start ? 1 : 0);
    if (i > start && (i - start >= maxItems || bytes + size > maxBytes)) {
      chunks.push({ start, end: i });
      start = i;
      bytes = 2 + Buffer.byteLength(serialised[i]);
      continue;
    }
    bytes += size;
  }
  if (serialised.length > start) chunks.push({ start, end: serialised.length });
  return chunks;
}

/** The JSON array text of a chunk. */
export function chunkBody(serialised: readonly string[], chunk: Chunk): string {
  return `[${serialised.slice(chunk.start, chunk.end).join(',')}]`;
}

export function halves(chunk: Chunk): [Chunk, Chunk] {
  const mid = chunk.start + Math.ceil((chunk.end - chunk.start) / 2);
  return [
    { start: chunk.start, end: mid },
    { start: mid, end: chunk.end },
  ];
}
