import { ProviderError } from '../shared/provider-error.ts';
import { readSse } from '../shared/read-sse.ts';
import { openAIResponsesInvalidResponse } from './openai-responses-error.ts';

/** One stream event: the parsed JSON object and its raw text (kept for error bodies). */
export interface OpenAIResponsesEvent {
  payload: Record<string, unknown>;
  data: string;
}

/**
 * Reads a Responses SSE body as JSON events. A `[DONE]` sentinel (sent by some compatible
 * servers, not documented for the Responses API) is skipped; data that is not a JSON object is
 * an invalid_response. When the body breaks off, the caller's abort reason wins, then a
 * ProviderError the body failed with (fetchWithRetry's per-attempt timeout), else it is an
 * invalid_response. Ends quietly when the body ends: whether a terminal event came is the
 * caller's call.
 */
export async function* readOpenAIResponsesEvents(
  body: ReadableStream<Uint8Array>,
  provider: string,
  abortSignal: AbortSignal,
): AsyncGenerator<OpenAIResponsesEvent, void, undefined> {
  try {
    for await (const message of readSse(body)) {
      abortSignal.throwIfAborted();
      if (message.data === '[DONE]') continue;
      yield { payload: parseEvent(provider, message.data), data: message.data };
      abortSignal.throwIfAborted();
    }
  } catch (error) {
    if (abortSignal.aborted) throw abortSignal.reason;
    if (error instanceof ProviderError) throw error;
    throw openAIResponsesInvalidResponse(provider, `${provider} stream broke off`, undefined, error);
  }
}

function parseEvent(provider: string, data: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch (cause) {
    throw openAIResponsesInvalidResponse(provider, `${provider} sent a stream event that is not JSON`, data, cause);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw openAIResponsesInvalidResponse(provider, `${provider} sent a stream event that is not a JSON object`, data);
  }
  return payload as Record<string, unknown>;
}
