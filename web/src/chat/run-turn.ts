import { ApiFailure, apiRequest, describeError } from '../shared/api.ts';
import { readSse } from '../shared/sse.ts';
import { type AnswerState, STREAMING_ANSWER, applyEvent } from './answer-state.ts';

/** The image tool and limit settings the chat sends with every message. */
export interface ChatSettings {
  model: string;
  size: string;
  quality: string;
  outputFormat: string;
  background: string;
  partialImages: number;
  /** Empty: no limit header. */
  maxImages: string;
  /** Send the limit as `x-imagegate-exact-images` (exactly this many) instead of a maximum. */
  exactMode: boolean;
}

export interface TurnInput {
  apiKey: string;
  settings: ChatSettings;
  text: string;
  /** Data URLs of attached images. */
  attachments: string[];
  previousResponseId: string | undefined;
  /** The image to edit (an `image_generation_call` id): sent as an item reference, not as words. */
  editItemId?: string | undefined;
  signal: AbortSignal;
  onState(state: AnswerState): void;
}

export function buildRequestBody(input: Omit<TurnInput, 'apiKey' | 'signal' | 'onState'>): Record<string, unknown> {
  const { settings } = input;
  const content = [
    { type: 'input_text', text: input.text },
    ...input.attachments.map((url) => ({ type: 'input_image', image_url: url, detail: 'auto' })),
  ];
  const editing = input.editItemId !== undefined;
  const message = { role: 'user', content };
  return {
    model: settings.model,
    input: editing ? [{ type: 'image_generation_call', id: input.editItemId }, message] : [message],
    tools: [
      {
        type: 'image_generation',
        size: settings.size,
        quality: settings.quality,
        output_format: settings.outputFormat,
        background: settings.background,
        ...(settings.partialImages > 0 ? { partial_images: settings.partialImages } : {}),
        ...(editing ? { action: 'edit' } : {}),
      },
    ],
    // "Edit this image" is an explicit request for an image: the first step must call the tool.
    ...(editing ? { tool_choice: { type: 'image_generation' } } : {}),
    stream: true,
    ...(input.previousResponseId ? { previous_response_id: input.previousResponseId } : {}),
  };
}

export function limitHeaders(settings: ChatSettings): Record<string, string> {
  const limit = settings.maxImages.trim();
  if (limit === '') return {};
  return settings.exactMode ? { 'x-imagegate-exact-images': limit } : { 'x-imagegate-max-images': limit };
}

/** Sends one message and streams the answer; always ends in a non-streaming state. */
export async function runTurn(input: TurnInput): Promise<AnswerState> {
  let state: AnswerState = STREAMING_ANSWER;
  const publish = (next: AnswerState) => {
    if (next === state) return;
    state = next;
    input.onState(state);
  };
  publish({ ...STREAMING_ANSWER });
  try {
    const response = await apiRequest('/v1/responses', {
      apiKey: input.apiKey,
      method: 'POST',
      body: buildRequestBody(input),
      headers: limitHeaders(input.settings),
      signal: input.signal,
    });
    publish({ ...state, requestId: response.headers.get('x-request-id') ?? undefined });
    if (!response.body) throw new Error('The server sent no stream.');
    for await (const message of readSse(response.body)) {
      let event: { type: string } & Record<string, unknown>;
      try {
        event = JSON.parse(message.data) as typeof event;
      } catch {
        continue;
      }
      publish(applyEvent(state, event));
    }
    if (state.status === 'streaming') publish({ ...state, status: 'failed', error: 'The stream ended before the response finished.' });
  } catch (error) {
    if (input.signal.aborted) publish({ ...state, status: 'cancelled', error: 'Stopped.' });
    else publish({ ...state, status: 'failed', error: describeError(error), requestId: error instanceof ApiFailure ? (error.requestId ?? state.requestId) : state.requestId });
  }
  return state;
}
