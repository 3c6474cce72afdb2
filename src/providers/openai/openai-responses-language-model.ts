import { invalidResponse } from '../shared/invalid-response.ts';
import { postJson } from '../shared/post-json.ts';
import { type SseAnswer, postSse, streamSseAnswer } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamPart, LanguageModelStreamResult } from '../spec/language-model.ts';
import { mapOpenAIResponsesError } from './openai-responses-error.ts';
import { readOpenAIResponsesEvents } from './openai-responses-events.ts';
import { buildOpenAIResponsesRequest } from './openai-responses-request.ts';
import { mapOpenAIResponse } from './openai-responses-response.ts';
import { OpenAIResponsesStreamMapper } from './openai-responses-stream.ts';

export const openAIResponsesProvider = 'openai.responses';

/**
 * A chat model behind OpenAI's Responses API (`POST {baseURL}/responses`). Tools are offered
 * as plain function tools (see `buildOpenAIResponsesRequest`), nothing is stored upstream, and
 * reasoning items are dropped from the output (their tokens stay in the usage).
 */
export function createOpenAIResponsesLanguageModel(modelId: string, settings: ProviderSettings): LanguageModel {
  return {
    provider: openAIResponsesProvider,
    modelId,

    async doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelGenerateResult> {
      options.abortSignal.throwIfAborted();
      const { body, warnings } = buildOpenAIResponsesRequest(modelId, options, false);
      let payload: unknown;
      try {
        payload = await postJson(settings, { provider: openAIResponsesProvider, path: '/responses', body, abortSignal: options.abortSignal });
      } catch (error) {
        throw mapOpenAIResponsesError(error);
      }
      return { ...mapOpenAIResponse(openAIResponsesProvider, payload), warnings };
    },

    async doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
      options.abortSignal.throwIfAborted();
      const { body, warnings } = buildOpenAIResponsesRequest(modelId, options, true);
      let answer: SseAnswer;
      try {
        answer = await postSse(settings, { provider: openAIResponsesProvider, path: '/responses', body, abortSignal: options.abortSignal });
      } catch (error) {
        throw mapOpenAIResponsesError(error);
      }
      return { stream: streamSseAnswer(openAIResponsesProvider, answer, (messages) => streamParts(messages, options.abortSignal)), warnings };
    },
  };
}

/**
 * The upstream events as stream parts, ending right after the terminal event. A body that ends
 * before `response.completed` / `incomplete` / `failed` was cut off: an invalid_response, never
 * a silent end. fetchWithRetry's idle timeout cuts an upstream that goes silent mid-stream, so a
 * stalled stream cannot hang the loop either.
 */
async function* streamParts(messages: AsyncIterable<SseMessage>, abortSignal: AbortSignal): AsyncGenerator<LanguageModelStreamPart, void, undefined> {
  const provider = openAIResponsesProvider;
  const mapper = new OpenAIResponsesStreamMapper(provider);
  for await (const { payload, data } of readOpenAIResponsesEvents(messages, provider, abortSignal)) {
    for (const part of mapper.map(payload, data)) {
      yield part;
      // The consumer may have aborted while it held the part.
      abortSignal.throwIfAborted();
    }
    if (mapper.finished) return;
  }
  throw invalidResponse(provider, `${provider} stream ended before response.completed`, undefined);
}
