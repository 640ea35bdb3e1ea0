// A reload that changes destinations, or what goes to them, without losing a batch: (1) every writer
// reconciles its destinations (unchanged ones untouched, changed ones replaced with their queue written or
// spooled first, added ones started; removed ones keep taking what was routed to them); (2) every producer
// switches to the new routes: parse workers at their next task (the config box), the tracker at once, the
// poller by a restart; (3) once the parse tasks that ran with the old routes finished and every writer has
// taken in every batch posted until then (the ledger), no batch can follow the old routes any more, so
// (4) the removed destinations are flushed and stopped (what they cannot write is spooled or counted).
import type { AppLogger } from '../log/logger.js';
import type { ParsePool } from '../pipeline/parse/parse-pool.js';
import type { ReconcileResult } from '../destinations/reconcile.js';
import type { ConfigBox } from './config-box.js';
import type { ManagedThread } from './managed-thread.js';
import type { ProducerConfig } from './worker-data.js';
import type { WriterLedger } from './writer-ledger.js';

/** How long a replaced or removed destination may take to write its queue before the rest is spooled or counted. */
export const DESTINATION_FLUSH_MS = 5_000;
/** How long producers' batches of the old routes may take to reach the writers. */
const CATCH_UP_MS = 10_000;
const CATCH_UP_POLL_MS = 10;

export interface DestinationSwitchDeps {
  writers: readonly ManagedThread[];
  tracker: ManagedThread | null;
  pool: ParsePool | null;
  ledger: WriterLedger | null;
  configBox: ConfigBox;
  /** Stops the poller and starts it with the new configuration and routes. */
  restartPoller: () => Promise<void>;
  logger: AppLogger;
}

export async function switchDestinations(next: ProducerConfig, deps: DestinationSwitchDeps): Promise<void> {
  const { writers, tracker, logger } = deps;
  // A writer or the tracker restarted from now on starts with the new configuration and routes.
  for (const t of [...writers, tracker]) t?.patchWorkerData(next);
  const reconciled = await Promise.all(
    writers.map((w) =>
      w.call<ReconcileResult>('reconcile', { ...next, budgetMs: DESTINATION_FLUSH_MS }, DESTINATION_FLUSH_MS + 10_000).catch((err: Error) => {
        logger.error({ thread: w.name, err: err.message }, 'Config reload: a writer did not reconcile its destinations (a restarted writer starts with the new ones).');
        return null;
      }),
    ),
  );
  // Writers are ready for the new routes: producers switch.
  deps.configBox.write(next);
  await tracker?.call('reroute', next, 10_000).catch((err: Error) => logger.error({ err: err.message }, 'Config reload: the tracker did not switch to the new routes.'));
  await deps.restartPoller();
  const caughtUp = await oldRoutesDone(deps);
  if (!caughtUp) logger.warn('Config reload: batches routed before the reload had not all reached the writers in time; later ones for a removed destination are counted as unrouted.');
  const retired = await Promise.all(writers.map((w) => w.call<string[]>('retire', { budgetMs: DESTINATION_FLUSH_MS }, DESTINATION_FLUSH_MS + 10_000).catch(() => [])));
  const changes = (key: keyof ReconcileResult) => reconciled.flatMap((r) => r?.[key] ?? []);
  logger.info(
    { kept: changes('kept'), replaced: changes('replaced'), added: changes('added'), removed: retired.flat(), routes: next.routes.map((r) => `${r.dest}→writer-${r.writer}`) },
    'Config reload: destinations reconciled.',
  );
}

/** True once no batch routed by the old configuration can still be on its way to a writer. */
async function oldRoutesDone(deps: DestinationSwitchDeps): Promise<boolean> {
  await deps.pool?.settled();
  const ledger = deps.ledger;
  if (!ledger) return true;
  const snapshot = ledger.postedSnapshot();
  const endAt = Date.now() + CATCH_UP_MS;
  while (!ledger.caughtUp(snapshot)) {
    if (Date.now() >= endAt) return false;
    await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS));
  }
  return true;
}
