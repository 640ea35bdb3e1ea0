// Sends one batch body and makes sure that, when the sink reports "some lines rejected", every other line
// really is stored, whatever the server version does with a bad request:
// - InfluxDB 1.x stores every line it can parse and says how many it dropped: its classifier answers `failed`
//   with the final SinkWriteError, nothing is resent.
// - InfluxDB 2.x answers 400 for a malformed line and stores NOTHING of the request; the line it names is taken
//   out and the rest sent again (a few rounds at most, each removes at least one line).
// - InfluxDB 3.x (accept_partial, the default) stores the good lines and lists the bad ones: nothing to resend.
// - 413 (request too large) from any version: the body is halved and both halves sent in order.
// Every other failure is thrown as it is for the delivery layer to retry (it resends the whole batch; lines
// carry their timestamps, so a line written twice overwrites itself instead of duplicating).

import type { ErrorDetails } from '../../threads/messages.js';
import { SinkWriteError } from '../sink-error.js';
import { bodyOf, halves, linesOf, withoutLines } from './line-body.js';

export type WriteAnswer =
  | { kind: 'ok' }
  /** Nothing was stored; these lines (as the server quoted them) are malformed. */
  | { kind: 'malformed'; named: string[]; details: ErrorDetails }
  /** The other lines were stored; `rejected` lines were not. */
  | { kind: 'partial'; rejected: number; offending: string[]; details: ErrorDetails }
  | { kind: 'tooLarge'; details: ErrorDetails }
  | { kind: 'failed'; error: SinkWriteError };

const MAX_MALFORMED_ROUNDS = 10;
const MAX_SPLIT_DEPTH = 8;

interface Tally {
  lines: number;
  offending: string[];
  details: ErrorDetails | undefined;
}

/** Sends one body (of `lines` lines) and classifies the answer. */
export type SendBody = (body: Uint8Array, lines: number) => Promise<WriteAnswer>;

/**
 * Resolves when every line is stored; rejects with a `rejected` SinkWriteError (after storing the rest) when
 * some lines can never be stored, or with the first other failure.
 */
export async function sendBatchBody(send: SendBody, body: Uint8Array, totalLines: number): Promise<void> {
  const tally: Tally = { lines: 0, offending: [], details: undefined };
  await sendPart(send, body, totalLines, tally, 0);
  if (tally.lines === 0) return;
  throw new SinkWriteError({
    kind: 'rejected',
    details: tally.details ?? { message: 'InfluxDB rejected lines' },
    rejectedLines: Math.min(totalLines, tally.lines),
    offending: tally.offending,
  });
}

function reject(tally: Tally, lines: number, offending: string[], details: ErrorDetails): void {
  tally.lines += lines;
  tally.offending.push(...offending);
  tally.details ??= details;
}

async function sendPart(send: SendBody, body: Uint8Array, lineCount: number, tally: Tally, depth: number): Promise<void> {
  let current = body;
  let currentLines = lineCount;
  for (let round = 0; round < MAX_MALFORMED_ROUNDS; round++) {
    const answer = await send(current, currentLines);
    switch (answer.kind) {
      case 'ok':
        return;
      case 'failed':
        throw answer.error;
      case 'partial':
        reject(tally, answer.rejected, answer.offending, answer.details);
        return;
      case 'tooLarge': {
        const parts = depth < MAX_SPLIT_DEPTH ? halves(current) : null;
        if (!parts) {
          const lines = linesOf(current);
          reject(tally, lines.length, lines.slice(0, 1), answer.details);
          return;
        }
        for (const part of parts) await sendPart(send, part, linesOf(part).length, tally, depth + 1);
        return;
      }
      case 'malformed': {
        const lines = linesOf(current);
        const split = answer.named.length > 0 ? withoutLines(lines, answer.named) : null;
        if (!split) {
          // The server's complaint cannot be tied to a line: nothing was stored and resending cannot help.
          reject(tally, lines.length, answer.named.length > 0 ? answer.named : [answer.details.message ?? 'malformed'], answer.details);
          return;
        }
        reject(tally, split.removed.length, split.removed, answer.details);
        if (split.kept.length === 0) return;
        current = bodyOf(split.kept);
        currentLines = split.kept.length;
        break;
      }
    }
  }
  const left = linesOf(current);
  reject(tally, left.length, left.slice(0, 1), { message: `InfluxDB kept refusing the batch after ${MAX_MALFORMED_ROUNDS} rounds of removing malformed lines` });
}
