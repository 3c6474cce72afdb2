import type { Services } from '../service/services.ts';
import type { InstanceStore } from '../storage/instance-store.ts';

/**
 * After an instance crashed, was killed or lost its lease: it is fenced first (its lease row
 * deleted, then its reservations released: from the delete on, if it was only stalled, it can
 * no longer settle them and its late work fails), then the responses it left `in_progress` (or `queued`, background ones)
 * become `failed` (their items closed; a background response's event log ends with
 * `response.failed`), and any reservation whose holder has no lease left is released (Images API
 * requests' holds too: they carry the instance like any other), so no money stays blocked and
 * nothing stays in progress forever. Only instances whose lease lapsed more than a grace period
 * ago (or whose process on this host is gone) are touched (instance-store.ts): a long response
 * on a live, or briefly stalled, instance keeps its reservations. Costs already settled stay in
 * the ledger: that work was done.
 */
export async function reconcileInterruptedWork(services: Services, instances: InstanceStore): Promise<{ responses: number; reservations: number }> {
  let reservations = await instances.fenceDead();
  const interrupted = await instances.orphanedResponses();
  for (const { id, ownerId } of interrupted) {
    reservations += await services.budgets.releaseAll(id);
    const record = await services.store.get(id, ownerId);
    if (!record) continue;
    const output = record.response.output.map((item) =>
      item['status'] === 'in_progress' || item['status'] === 'generating'
        ? { ...item, status: item.type === 'image_generation_call' ? 'failed' : 'incomplete' }
        : item,
    );
    const response = {
      ...record.response,
      status: 'failed',
      output,
      error: { code: 'server_error', message: 'The server stopped before this response finished.' },
    };
    // Only while it is still running: its instance, only stalled, may have ended it meanwhile.
    const failed = await services.store.save({ ...record, response }, { onlyWhileRunning: true });
    // A background response's stream followers (and later resumes) end with it too.
    if (failed && record.response['background'] === true) {
      const last = await services.responseEvents.lastSequenceNumber(id);
      await services.responseEvents.append(id, [{ type: 'response.failed', sequence_number: (last ?? -1) + 1, response }]);
      services.backgroundRuns.notify(id);
    }
  }
  reservations += await instances.releaseOrphanedReservations();
  return { responses: interrupted.length, reservations };
}
