import { invalidRequest } from '../../errors/api-error.ts';
import type { StoredResponse } from '../../storage/response-store.ts';
import type { StoredResponseObject } from '../../storage/stored-response-schema.ts';
import type { Services } from '../services.ts';
import { followResponseEvents } from './follow-response-events.ts';
import { isActiveStatus, isTerminalEventType } from './response-lifecycle.ts';

/** How long a cancel waits for another instance to stop the run and store it, in milliseconds. */
const remoteCancelWaitMillis = 30_000;

/**
 * `POST /v1/responses/{id}/cancel` for a response the caller owns: records the cancel (so the
 * instance running it notices, wherever it is), aborts it at once when it runs here, and answers
 * with the stored copy once it is `cancelled`. A finished response is returned unchanged (OpenAI:
 * "Cancelling twice is idempotent"); one not created in the background is a 400, as OpenAI answers.
 */
export async function cancelResponse(record: StoredResponse, services: Services): Promise<StoredResponseObject> {
  if (record.response['background'] !== true) {
    throw invalidRequest("Only responses created with 'background': true can be cancelled.", 'response_id', 'invalid_request');
  }
  if (!isActiveStatus(record.response.status)) return record.response;
  const { backgroundRuns } = services;
  await services.responseEvents.requestCancel(record.id, services.now());
  if (backgroundRuns.cancel(record.id)) {
    await backgroundRuns.settled(record.id);
  } else {
    // Another instance runs it and polls for the cancel. Its end is logged only once stored for
    // good, so waiting for the terminal event (not the status) also keeps a delete that follows
    // from being overwritten.
    const last = await services.responseEvents.lastSequenceNumber(record.id);
    const events = followResponseEvents(services, record, last ?? -1, AbortSignal.timeout(remoteCancelWaitMillis));
    for await (const event of events) if (isTerminalEventType(event.type)) break;
  }
  return (await services.store.get(record.id, record.ownerId))?.response ?? record.response;
}
