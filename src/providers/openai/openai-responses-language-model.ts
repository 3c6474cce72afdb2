import { postJson } from '../shared/post-json.ts';
import { type SseAnswer, postSse } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { streamSseParts } from '../shared/sse-part-stream.ts';
import { answerIsEventStream, partsAtOnce, readWholeJsonAnswer, wholeJsonAnswerIfHere } from '../shared/whole-answer.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamResult } from '../spec/language-model.ts';
import { mapOpenAIResponsesError } from './openai-responses-error.ts';
import { OpenAIResponsesEventReader } from './openai-responses-event-reader.ts';
import { foldOpenAIResponse } from './openai-responses-fold.ts';
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
      // Events only for a caller that acts on the parts as they come (a client reads the stream).
      // Otherwise one whole answer: one body and one JSON.parse instead of ~25 events written,
      // read and parsed one by one, folded into the same parts the events would give.
      const askForEvents = options.partsAsTheyCome !== false;
      const { body, warnings } = buildOpenAIResponsesRequest(modelId, options, askForEvents);
      let answer: SseAnswer;
      try {
        answer = await postSse(settings, { provider: openAIResponsesProvider, path: '/responses', body, abortSignal: options.abortSignal, wholeAnswer: !askForEvents });
      } catch (error) {
        throw mapOpenAIResponsesError(error);
      }
      if (!answerIsEventStream(answer.response, askForEvents)) {
        const context = { provider: openAIResponsesProvider, abortSignal: options.abortSignal, brokeOff: `${openAIResponsesProvider} answer broke off` };
        const { payload, text } = wholeJsonAnswerIfHere(answer, context) ?? (await readWholeJsonAnswer(answer, context));
        const parts = foldOpenAIResponse(openAIResponsesProvider, payload, text);
        return { stream: partsAtOnce(parts, options.abortSignal), parts, warnings };
      }
      // The stream ends right after the terminal event; a body that ends before it was cut off (an
      // invalid_response, never a silent end). fetchWithRetry's idle timeout cuts an upstream that
      // goes silent mid-stream, so a stalled stream cannot hang the loop either.
      const context = { provider: openAIResponsesProvider, abortSignal: options.abortSignal, brokeOff: `${openAIResponsesProvider} stream broke off` };
      return { stream: streamSseParts(answer, context, new OpenAIResponsesEventReader(openAIResponsesProvider)), warnings };
    },
  };
}
