import { invalidResponse } from '../shared/invalid-response.ts';
import { type SseAnswer, postSse, streamSseAnswer } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { mapOpenAIResponsesError } from './openai-responses-error.ts';
import { readOpenAIResponsesEvents } from './openai-responses-events.ts';
import { OPENAI_RESPONSES_TERMINAL_EVENTS } from './openai-responses-stream.ts';

export const openAIResponsesPassthroughProvider = 'openai.responses.passthrough';

export interface StreamPassthroughOptions {
  /** The caller's Responses request body; `model` must already be the upstream's model id. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly settings: ProviderSettings;
  /** At most this many `image_generation_call` items reach the caller; undefined = no cap. */
  readonly maxImages: number | undefined;
  readonly abortSignal: AbortSignal;
}

type StreamEvent = Record<string, unknown>;

/**
 * Runs a request on OpenAI's own hosted tools (`image_generation` included) and relays its event
 * stream, for routes that want OpenAI's tool rather than ours. Semantics:
 *
 * - The body is sent as given to `{baseURL}/responses`, with `stream: true`. With `maxImages`
 *   defined, `max_tool_calls` becomes min(caller's `max_tool_calls`, `maxImages`) — OpenAI's own
 *   cap, which counts *all* built-in tool calls, not only images.
 * - Upstream events are yielded as parsed JSON objects, unchanged and in order, as they arrive.
 * - Should upstream still start image call number `maxImages + 1` (its
 *   `response.output_item.added` with an `image_generation_call` item), that event and
 *   everything after it are not forwarded: the upstream request is aborted at once, and one
 *   synthesized `response.completed` ends the stream. Its `sequence_number` is the one the
 *   dropped event had; its `response` is the last response object upstream sent, with
 *   `status: "completed"` and `output` rebuilt from the forwarded `output_item.added/.done`
 *   events (so the extra image call and anything after it are absent; items keep the state
 *   they were last seen in). `usage` stays as last reported (normally null: upstream's usage
 *   for the cut stream is never sent). The event also carries, as imagegate's own extension,
 *   `imagegate: { dropped_image_call: { id, output_index } }` naming the call that was cut, whose
 *   events the caller never saw (for `ignored_tool_calls`).
 * - Upstream's own terminal event (`response.completed|incomplete|failed`, `error`) is yielded
 *   and ends the stream. A stream that ends without one throws a ProviderError
 *   (`invalid_response`); HTTP failures throw a ProviderError before the first event; aborting
 *   `abortSignal` rejects with its reason.
 *
 * Nothing is sent until the first event is pulled.
 */
export async function* streamPassthrough(options: StreamPassthroughOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const provider = openAIResponsesPassthroughProvider;
  const { settings, maxImages, abortSignal } = options;
  const cut = new AbortController();
  let answer: SseAnswer;
  try {
    const body = passthroughBody(options.body, maxImages);
    answer = await postSse(settings, { provider, path: '/responses', body, abortSignal: AbortSignal.any([abortSignal, cut.signal]) });
  } catch (error) {
    throw mapOpenAIResponsesError(error);
  }

  yield* streamSseAnswer(provider, answer, async function* (messages) {
    const state: PassthroughState = { lastResponse: undefined, output: [], imageCalls: 0, lastSequenceNumber: -1 };
    let completion: StreamEvent | undefined;
    for await (const { payload } of readOpenAIResponsesEvents(messages, provider, abortSignal)) {
      if (isExtraImageCall(payload, state, maxImages)) {
        completion = synthesizedCompletion(state, payload);
        break;
      }
      observe(payload, state);
      yield payload;
      if (typeof payload.type === 'string' && OPENAI_RESPONSES_TERMINAL_EVENTS.has(payload.type)) return;
    }
    if (completion === undefined) throw invalidResponse(provider, `${provider} stream ended before response.completed`, undefined);
    // Leaving the loop cancelled the body; aborting the request too makes sure the upstream
    // connection closes, so it stops generating (and billing) images nobody will see.
    cut.abort(new Error(`more than ${maxImages} image_generation_call items`));
    yield completion;
  });
}

export function passthroughBody(body: Readonly<Record<string, unknown>>, maxImages: number | undefined): Record<string, unknown> {
  const sent: Record<string, unknown> = { ...body, stream: true };
  if (maxImages !== undefined) {
    const callerMax = typeof body.max_tool_calls === 'number' ? body.max_tool_calls : Number.POSITIVE_INFINITY;
    sent.max_tool_calls = Math.min(callerMax, maxImages);
  }
  return sent;
}

interface PassthroughState {
  /** The latest `response` object upstream sent (created / in_progress / queued). */
  lastResponse: Record<string, unknown> | undefined;
  /** Forwarded output items by `output_index`, as last seen. */
  output: Array<Record<string, unknown> | undefined>;
  imageCalls: number;
  lastSequenceNumber: number;
}

function isExtraImageCall(event: StreamEvent, state: PassthroughState, maxImages: number | undefined): boolean {
  if (event.type !== 'response.output_item.added' || !isObject(event.item) || event.item.type !== 'image_generation_call') return false;
  state.imageCalls += 1;
  return maxImages !== undefined && state.imageCalls > maxImages;
}

function observe(event: StreamEvent, state: PassthroughState): void {
  if (typeof event.sequence_number === 'number') state.lastSequenceNumber = event.sequence_number;
  if (isObject(event.response)) state.lastResponse = event.response;
  const isItemEvent = event.type === 'response.output_item.added' || event.type === 'response.output_item.done';
  if (isItemEvent && isObject(event.item) && typeof event.output_index === 'number') state.output[event.output_index] = event.item;
}

/** `dropped` is the `response.output_item.added` event of the call that was cut. */
function synthesizedCompletion(state: PassthroughState, dropped: StreamEvent): StreamEvent {
  const output = state.output.filter((item): item is Record<string, unknown> => item !== undefined);
  const droppedItem = isObject(dropped.item) ? dropped.item : {};
  return {
    type: 'response.completed',
    sequence_number: state.lastSequenceNumber + 1,
    response: { ...state.lastResponse, status: 'completed', output },
    imagegate: { dropped_image_call: { id: droppedItem.id ?? null, output_index: dropped.output_index ?? null } },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
