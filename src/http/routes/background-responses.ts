import { invalidRequest } from '../../errors/api-error.ts';
import type { AdmittedResponse } from '../../service/admit-response.ts';
import { followResponseEvents } from '../../service/background/follow-response-events.ts';
import { startBackgroundResponse } from '../../service/background/start-background-response.ts';
import type { Services } from '../../service/services.ts';
import type { StoredResponse } from '../../storage/response-store.ts';
import { toApiError } from '../error-handler.ts';
import { sseErrorEvent } from '../sse-error-event.ts';
import { createSseChannel } from '../sse.ts';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * `background: true` on `POST /v1/responses`: the queued response as JSON, or (with `stream`)
 * its events served from the event log, so a client that goes away stops only its own stream.
 */
export async function answerBackground(admitted: AdmittedResponse, services: Services, requestSignal: AbortSignal): Promise<Response> {
  const queued = await startBackgroundResponse(admitted, services);
  if (admitted.prepared.request.stream !== true) return Response.json(queued);
  return followAsSse(services, { id: queued.id, ownerId: admitted.prepared.ownerId }, -1, requestSignal);
}

/** `GET /v1/responses/{id}?stream=true&starting_after=N`: a background response's events after N, then live ones. */
export function resumeStream(record: StoredResponse, startingAfter: string | undefined, services: Services, requestSignal: AbortSignal): Response {
  if (record.response['background'] !== true) {
    throw invalidRequest("Only responses created with 'background': true can be streamed again; retrieve it without 'stream'.", 'stream', 'invalid_request');
  }
  const after = startingAfter === undefined ? -1 : Number(startingAfter);
  if (startingAfter === '' || !Number.isSafeInteger(after) || after < -1) {
    throw invalidRequest("Invalid 'starting_after': expected the integer sequence number of a received event.", 'starting_after', 'invalid_value');
  }
  return followAsSse(services, record, after, requestSignal);
}

function followAsSse(services: Services, response: { id: string; ownerId: string | null }, after: number, requestSignal: AbortSignal): Response {
  // Aborted when the client is gone: the stream was cancelled or the socket closed.
  const channel = createSseChannel(requestSignal);
  const abortSignal = channel.signal;
  let lastSequence = after;
  void (async () => {
    try {
      for await (const event of followResponseEvents(services, response, after, abortSignal)) {
        lastSequence = event.sequence_number;
        (channel.send as (event: object) => void)(event);
      }
    } catch (error) {
      services.logger.error({ err: error, responseId: response.id }, 'following a background response failed');
      channel.send(sseErrorEvent(toApiError(error), lastSequence + 1));
    } finally {
      channel.close();
    }
  })();
  return new Response(channel.stream, { headers: SSE_HEADERS });
}
