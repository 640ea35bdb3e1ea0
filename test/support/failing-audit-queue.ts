// An internal failure in accepting an audit event, for the API's 500 path: the real queue, whose next `failures`
// calls of the chosen method throw as a broken queue would (v15's tests make its queue manager's addToQueue
// throw the same way).
import { AuditQueue } from '../../src/audit/audit-queue.js';
import type { AuditEventDatum } from '../../src/audit/datum.js';

export class FailingAuditQueue extends AuditQueue {
  failures = 1;
  failIn: 'offer' | 'countDroppedSize' = 'offer';

  override offer(datum: AuditEventDatum): ReturnType<AuditQueue['offer']> {
    this.maybeFail('offer');
    return super.offer(datum);
  }

  override countDroppedSize(): void {
    this.maybeFail('countDroppedSize');
    super.countDroppedSize();
  }

  private maybeFail(where: FailingAuditQueue['failIn']): void {
    if (this.failIn !== where || this.failures <= 0) return;
    this.failures--;
    throw new Error(`queue storage failed in ${where} (injected)`);
  }
}
