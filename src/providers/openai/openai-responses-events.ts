import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import { parseSseJson, sseReadError } from '../shared/sse-read-errors.ts';

/** One stream event: the parsed JSON object and its raw text (kept for error bodies). */
export interface OpenAIResponsesEvent {
  payload: Record<string, unknown>;
  data: string;
}

/**
 * Reads a Responses event stream as JSON events. A `[DONE]` sentinel (sent by some compatible
 * servers, not documented for the Responses API) is skipped; data that is not a JSON object is
 * an invalid_response. When the body breaks off, the caller's abort reason wins, then a
 * ProviderError the body failed with (fetchWithRetry's per-attempt timeout), else it is an
 * invalid_response. Ends quietly when the body ends: whether a terminal event came is the
 * caller's call.
 */
export async function* readOpenAIResponsesEvents(
  messages: AsyncIterable<SseMessage>,
  provider: string,
  abortSignal: AbortSignal,
): AsyncGenerator<OpenAIResponsesEvent, void, undefined> {
  try {
    for await (const message of messages) {
      abortSignal.throwIfAborted();
      if (message.data === '[DONE]') continue;
      yield { payload: parseOpenAIResponsesEvent(provider, message.data), data: message.data };
      abortSignal.throwIfAborted();
    }
  } catch (error) {
    throw sseReadError(error, { provider, abortSignal, brokeOff: `${provider} stream broke off` });
  }
}

/** An event's data as a JSON object; anything else is an invalid_response. */
export function parseOpenAIResponsesEvent(provider: string, data: string): Record<string, unknown> {
  const payload = parseSseJson(provider, data);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidResponse(provider, `${provider} sent a stream event that is not a JSON object`, data);
  }
  return payload as Record<string, unknown>;
}
