import type { ResponseObject } from '../responses/wire/response-object.ts';
import { appendResponseToConversation } from './conversations/response-conversation.ts';
import type { LocalResponses } from './load-history.ts';
import type { PassthroughEvent, PassthroughResponse } from './passthrough/passthrough-wire.ts';
import { preflightSpend } from './preflight-spend.ts';
import { type PreparedResponse, prepareResponse } from './prepare-response.ts';
import { runPassthroughResponse } from './run-passthrough-response.ts';
import { runResponse } from './run-response.ts';
import type { Principal, Services } from './services.ts';

/**
 * What a run emits and returns: our own events and response objects, or a passthrough route's
 * upstream events relayed as OpenAI sent them (checked loosely, see passthrough-wire.ts).
 */
export type AnyResponseEvent = PassthroughEvent;
export type AnyResponse = ResponseObject | PassthroughResponse;
/** Takes each event; a promise back means the client is behind (see ResponseEventSink). */
export type AnyResponseSink = (event: AnyResponseEvent) => void | Promise<void>;

/** A request that passed every check and holds its first reservation, ready to run once. */
export interface AdmittedResponse {
  prepared: PreparedResponse;
  /**
   * Runs it to its end (events to `sink` when given) and feeds the key's images-per-minute
   * window. Releases the image-work slot when done, whatever happened.
   */
  run(sink: AnyResponseSink | undefined, abortSignal: AbortSignal): Promise<AnyResponse>;
  /** Gives back the slot and the reservations of a response that will not be run. */
  discard(): Promise<void>;
}

export interface ResponseCall {
  body: unknown;
  header: (name: string) => string | undefined;
  principal: Principal;
  /** Aborted when whoever asked goes away before the response is admitted. */
  abortSignal: AbortSignal;
  /** Responses the transport holds itself (a WebSocket connection's `store: false` turns). */
  localResponses?: LocalResponses;
}

/**
 * The one way into a response, for every transport (HTTP JSON, SSE, WebSocket, background):
 * parse and check the request (4xx), take an image-work slot (503) and reserve the first step
 * (429). Anything thrown here happened before a byte was generated or stored.
 */
export async function admitResponse(call: ResponseCall, services: Services): Promise<AdmittedResponse> {
  const unprepared = await prepareResponse(call.body, call.header, services, call.principal, call.abortSignal, call.localResponses);
  // Image work is admitted (or 503) before anything is reserved; text-only responses skip the gate.
  const release = unprepared.imageToolWire === undefined ? () => undefined : await services.imageJobs.acquire(call.abortSignal);
  let prepared: PreparedResponse;
  try {
    prepared = await preflightSpend(unprepared, services);
  } catch (error) {
    release();
    throw error;
  }
  const runner = (sink: AnyResponseSink | undefined, abortSignal: AbortSignal): Promise<AnyResponse> =>
    prepared.languageModel.passthrough ? runPassthroughResponse(prepared, services, sink, abortSignal) : runResponse(prepared, services, sink, abortSignal);
  let released = false;
  const releaseOnce = () => {
    if (released) return;
    released = true;
    release();
  };
  return {
    prepared,
    async discard() {
      releaseOnce();
      await prepared.spend?.releaseAll();
    },
    async run(sink, abortSignal) {
      try {
        const response = await runner(sink, abortSignal);
        const counting = countImages(services, call.principal, response);
        if (counting !== undefined) await counting;
        // Before the answer (or the stream's end) reaches the client: its next turn sees these items.
        if (prepared.conversationRef !== undefined) {
          await appendResponseToConversation(services, prepared.conversationRef, prepared.ownerId, prepared.inputItems, response);
        }
        return response;
      } finally {
        releaseOnce();
      }
    },
  };
}

/** Feeds the key's images-per-minute window; undefined at once, without a promise, when nothing is to count. */
function countImages(services: Services, principal: Principal, response: AnyResponse): Promise<void> | undefined {
  if (principal.keyId === null) return undefined;
  const made = response.imagegate?.images_generated ?? 0;
  return made > 0 ? services.rateLimiter.add(principal.keyId, 'image', made) : undefined;
}
