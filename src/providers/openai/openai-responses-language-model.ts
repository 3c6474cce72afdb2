import { postJson } from '../shared/post-json.ts';
import { type SseAnswer, postSse } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { streamSseParts } from '../shared/sse-part-stream.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamResult } from '../spec/language-model.ts';
import { mapOpenAIResponsesError } from './openai-responses-error.ts';
import { OpenAIResponsesEventReader } from './openai-responses-event-reader.ts';
import { buildOpenAIResponsesRequest } from './openai-responses-request.ts';
import { mapOpenAIResponse } from './openai-responses-response.ts';

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
      // The stream ends right after the terminal event; a body that ends before it was cut off (an
      // invalid_response, never a silent end). fetchWithRetry's idle timeout cuts an upstream that
      // goes silent mid-stream, so a stalled stream cannot hang the loop either.
      const context = { provider: openAIResponsesProvider, abortSignal: options.abortSignal, brokeOff: `${openAIResponsesProvider} stream broke off` };
      return { stream: streamSseParts(answer, context, new OpenAIResponsesEventReader(openAIResponsesProvider)), warnings };
    },
  };
}
