import { isImagesRequestId } from '../service/images/images-request-id.ts';
import type { Services } from '../service/services.ts';

/** Reservations older than this are released whoever made them: their response cannot still be running. */
const STALE_RESERVATION_MILLIS = 15 * 60_000;

/**
 * After a crash or kill: responses stored `in_progress` become `failed` (their items closed),
 * and the budget reservations they held are released, as are those of Images API requests
 * (owned by their `img_…` id), so no money stays blocked and nothing
 * stays in progress forever. Costs already settled stay in the ledger: that work was done.
 */
export async function reconcileInterruptedWork(services: Services): Promise<{ responses: number; reservations: number }> {
  let reservations = 0;
  const interrupted = await services.store.listByStatus('in_progress');
  for (const { id, ownerId } of interrupted) {
    reservations += await services.budgets.releaseAll(id);
    const record = await services.store.get(id, ownerId);
    if (!record) continue;
    const output = record.response.output.map((item) =>
      item['status'] === 'in_progress' || item['status'] === 'generating'
        ? { ...item, status: item.type === 'image_generation_call' ? 'failed' : 'incomplete' }
        : item,
    );
    await services.store.save({
      ...record,
      response: {
        ...record.response,
        status: 'failed',
        output,
        error: { code: 'server_error', message: 'The server stopped before this response finished.' },
      },
    });
  }
  // Images API requests own their holds by request id and never outlive the process that ran them.
  for (const held of await services.budgets.activeReservations()) {
    if (isImagesRequestId(held.responseId) && (await services.budgets.release(held.id))) reservations += 1;
  }
  for (const stale of await services.budgets.activeReservations({ olderThan: services.now() - STALE_RESERVATION_MILLIS })) {
    if (await services.budgets.release(stale.id)) reservations += 1;
  }
  return { responses: interrupted.length, reservations };
}
