// The ledger between batch producers and writer threads: a writer that dies loses nothing posted to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSender } from '../../../src/threads/batch-sender.js';
import { producerIndex, WriterLedger } from '../../../src/threads/writer-ledger.js';
import type { BatchMessage } from '../../../src/threads/messages.js';

const batch = (n: number): BatchMessage => ({ t: 'batch', origin: 'parse', dest: 'file', module: 'LOG_EVENTS', count: 1, body: Buffer.from(`line ${n}\n`) });

/** A writer incarnation listening on one channel: takes batches in through the ledger, as workers/writer.ts does. */
class FakeWriter {
  taken: string[] = [];
  refused = { duplicate: 0, gap: 0 };
  alive = true;
  constructor(
    private readonly ledger: WriterLedger,
    private readonly producer: number,
  ) {}
  deliver(msg: BatchMessage): void {
    if (!this.alive) return;
    const a = this.ledger.admit(0, this.producer, msg.seq);
    if (a === 'accept') this.taken.push(Buffer.from(msg.body).toString().trim());
    else this.refused[a]++;
  }
}

function setup() {
  const ledger = WriterLedger.create(1, 2);
  const producer = producerIndex('parse-1');
  let writer = new FakeWriter(ledger, producer);
  const inFlight: BatchMessage[] = [];
  const channel = { postMessage: (m: unknown) => inFlight.push(m as BatchMessage) };
  let now = 0;
  const sender = new BatchSender(ledger, producer, [channel], () => now);
  const deliverAll = () => {
    for (const m of inFlight.splice(0)) writer.deliver(m);
  };
  return {
    ledger,
    sender,
    deliverAll,
    get writer() {
      return writer;
    },
    restartWriter() {
      const next = new FakeWriter(ledger, producer);
      next.taken = writer.taken; // the destination's data: what the old incarnation took in stays taken
      writer = next;
      ledger.bumpGeneration(0);
    },
    advance(ms: number) {
      now += ms;
    },
    inFlight,
  };
}

test('a batch is kept until its writer took it in, then released', () => {
  const s = setup();
  s.ledger.bumpGeneration(0);
  for (let i = 1; i <= 3; i++) s.sender.post(0, batch(i));
  assert.equal(s.sender.kept, 3);
  assert.equal(s.ledger.outstanding(0), 3);
  s.deliverAll();
  s.sender.resend();
  assert.equal(s.sender.kept, 0);
  assert.equal(s.ledger.outstanding(0), 0);
  assert.deepEqual(s.writer.taken, ['line 1', 'line 2', 'line 3']);
});

test('batches posted to a dying writer and while it restarts reach the next incarnation once, in order', () => {
  const s = setup();
  s.ledger.bumpGeneration(0);
  s.sender.post(0, batch(1));
  s.deliverAll();
  s.sender.post(0, batch(2));
  s.writer.alive = false; // died with batch 2 in its channel
  s.deliverAll();
  s.sender.post(0, batch(3)); // nobody listens
  s.deliverAll();
  s.sender.resend();
  assert.equal(s.inFlight.length, 0, 'nothing is posted again before a new incarnation listens');
  s.restartWriter();
  s.sender.post(0, batch(4)); // reaches the new incarnation before the resend: a gap, refused
  s.deliverAll();
  assert.equal(s.writer.refused.gap, 1);
  s.sender.resend();
  s.deliverAll();
  assert.deepEqual(s.writer.taken, ['line 1', 'line 2', 'line 3', 'line 4']);
  assert.equal(s.ledger.outstanding(0), 0);
  s.sender.resend();
  assert.equal(s.sender.kept, 0);
});

test('a batch delivered twice is taken in once', () => {
  const s = setup();
  s.ledger.bumpGeneration(0);
  s.sender.post(0, batch(1));
  const copy = s.inFlight[0];
  s.deliverAll();
  s.writer.deliver(copy);
  assert.equal(s.writer.refused.duplicate, 1);
  assert.deepEqual(s.writer.taken, ['line 1']);
});

test('a writer that took nothing in for 3 s gets the kept batches again (a lost message without a restart)', () => {
  const s = setup();
  s.ledger.bumpGeneration(0);
  s.sender.post(0, batch(1));
  s.inFlight.length = 0; // lost on the way
  s.advance(2_000);
  s.sender.resend();
  assert.equal(s.inFlight.length, 0);
  s.advance(1_500);
  s.sender.resend();
  s.deliverAll();
  assert.deepEqual(s.writer.taken, ['line 1']);
});

test('sequence numbers compare across the Int32 wrap', () => {
  const ledger = WriterLedger.create(1, 1);
  const words = new Int32Array(ledger.sab);
  words[2] = 0x7fffffff; // tracker → writer 0: posted
  words[3] = 0x7fffffff; // received
  const seq = ledger.nextSeq(0, 0);
  assert.equal(seq, -0x80000000);
  assert.equal(ledger.admit(0, 0, seq), 'accept');
  assert.equal(ledger.admit(0, 0, seq), 'duplicate');
  assert.equal(ledger.outstanding(0), 0);
});

test('caughtUp (a reload retiring a destination): true once every writer took in every batch posted before the snapshot, whichever later ones are pending', () => {
  const ledger = WriterLedger.create(2, 1);
  const [tracker, parse] = [producerIndex('tracker'), producerIndex('parse-0')];
  const s1 = ledger.nextSeq(0, tracker);
  const s2 = ledger.nextSeq(1, parse);
  const snapshot = ledger.postedSnapshot();
  assert.equal(ledger.caughtUp(snapshot), false, 'nothing taken in yet');
  assert.equal(ledger.admit(0, tracker, s1), 'accept');
  assert.equal(ledger.caughtUp(snapshot), false, 'writer 1 has not taken in its batch');
  const later = ledger.nextSeq(0, tracker); // posted after the snapshot: not waited for
  assert.equal(ledger.admit(1, parse, s2), 'accept');
  assert.equal(ledger.caughtUp(snapshot), true);
  assert.equal(ledger.caughtUp(ledger.postedSnapshot()), false, 'a new snapshot waits for the later batch');
  assert.equal(ledger.admit(0, tracker, later), 'accept');
  assert.equal(ledger.caughtUp(ledger.postedSnapshot()), true);
});
