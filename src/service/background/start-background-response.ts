import { invalidRequest } from '../../errors/api-error.ts';
import type { ResponseObject } from '../../responses/wire/response-object.ts';
import { observeResponse } from '../../observability/observe-response.ts';
import { foldResponseEvent } from '../../responses/fold-response-event.ts';
import type { ResponseEventBody } from '../../responses/wire/stream-events.ts';
import type { LoggedEvent } from '../../storage/response-event-log.ts';
import type { AdmittedResponse } from '../admit-response.ts';
import { initialResponse } from '../initial-response.ts';
import type { Services } from '../services.ts';
import { createEventLogWriter } from './event-log-writer.ts';
import { isTerminalEventType } from './response-lifecycle.ts';

/**
 * Starts an admitted `background: true` response and answers with it `queued`. The admission
 * (checks, image slot, first reservation) already happened, so refusals were HTTP errors; from
 * here the run is detached from the request: its events go to the event log (what streams and
 * resumes read), its state to the stored copy (what polls read).
 */
export async function startBackgroundResponse(admitted: AdmittedResponse, services: Services): Promise<ResponseObject> {
  const { prepared } = admitted;
  if (prepared.languageModel.passthrough) {
    // findUnsupportedField refuses this first; kept so no relayed run is ever detached from its client.
    await admitted.discard();
    throw invalidRequest("Unsupported parameter: 'background'.", 'background', 'unsupported_parameter');
  }
  // Never over an end already stored: the run's own, or reconciliation's if this instance was fenced.
  const save = async (response: ResponseObject): Promise<void> => {
    await services.store.save(
      { id: response.id, ownerId: prepared.ownerId, previousResponseId: response.previous_response_id, createdAt: response.created_at, response, inputItems: prepared.inputItems },
      { onlyWhileRunning: true },
    );
  };
  const queued: ResponseObject = { ...initialResponse(prepared, Math.floor(services.now() / 1000), services.config.limits.maxModelSteps), status: 'queued' };
  try {
    // Stored before the answer: a poll right after it finds the response.
    await save(queued);
  } catch (error) {
    await admitted.discard();
    throw error;
  }
  const { backgroundRuns, responseEvents, logger } = services;
  const progress = createProgressRecorder(save);
  const writer = createEventLogWriter(
    queued.id,
    responseEvents,
    async (batch) => {
      backgroundRuns.notify(queued.id);
      await progress(batch);
    },
    logger,
  );
  backgroundRuns.start(queued.id, async (abortSignal) => {
    try {
      // The run stores its own end; a progress save landing after it is refused (it only
      // replaces a running response), so the end stays the last word.
      const final = await admitted.run(writer.sink, abortSignal).finally(() => writer.drained());
      // Counted when it ends, as the HTTP answer of a foreground response is (images, cost, status).
      observeResponse(final as ResponseObject, prepared.ownerId, services.telemetry.metrics, services.telemetry.live);
    } finally {
      writer.release();
      await writer.drained();
    }
  });
  return queued;
}

/** Events after which a poll should see the change: items start, move on, or end. */
const milestones = new Set(['response.output_item.added', 'response.output_item.done', 'response.image_generation_call.generating']);

/**
 * Keeps the stored copy moving with the run (polls see items appear and images being made):
 * folds every logged event, and saves after a batch holding a milestone. The run saves the
 * start and the end itself.
 */
function createProgressRecorder(save: (response: ResponseObject) => Promise<void>): (batch: readonly LoggedEvent[]) => Promise<void> {
  let snapshot: ResponseObject | undefined;
  let ended = false;
  return async (batch) => {
    let changed = false;
    for (const event of batch) {
      // Background runs are never relayed (see above): their events are our own ResponseEvents.
      snapshot = foldResponseEvent(snapshot, event as unknown as ResponseEventBody);
      changed ||= milestones.has(event.type);
      ended ||= isTerminalEventType(event.type);
    }
    if (changed && !ended && snapshot !== undefined) await save(structuredClone(snapshot));
  };
}
