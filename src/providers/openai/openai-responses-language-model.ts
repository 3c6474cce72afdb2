import { fetchWithRetry } from '../shared/fetch-with-retry.ts';
import { postJson } from '../shared/post-json.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelGenerateResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
} from '../spec/language-model.ts';
import { mapOpenAIResponsesError, openAIResponsesInvalidResponse } from './openai-responses-error.ts';
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
      let sent: Awaited<ReturnType<typeof fetchWithRetry>>;
      try {
        sent = await fetchWithRetry(settings, {
          provider: openAIResponsesProvider,
          url: `${settings.baseURL}/responses`,
          init: {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...settings.headers },
            body: JSON.stringify(body),
          },
          abortSignal: options.abortSignal,
        });
      } catch (error) {
        throw mapOpenAIResponsesError(error);
      }
      return { stream: streamParts(sent.response, sent.release, options.abortSignal), warnings };
    },
  };
}

/**
 * The upstream events as stream parts, ending right after the terminal event. A body that ends
 * before `response.completed` / `incomplete` / `failed` was cut off: an invalid_response, never
 * a silent end. fetchWithRetry's idle timeout cuts an upstream that goes silent mid-stream, so a
 * stalled stream cannot hang the loop either.
 */
async function* streamParts(response: Response, release: () => void, abortSignal: AbortSignal): AsyncGenerator<LanguageModelStreamPart, void, undefined> {
  const provider = openAIResponsesProvider;
  try {
    if (response.body === null) throw openAIResponsesInvalidResponse(provider, `${provider} answered the stream request without a body`, undefined);
    const mapper = new OpenAIResponsesStreamMapper(provider);
    for await (const { payload, data } of readOpenAIResponsesEvents(response.body, provider, abortSignal)) {
      for (const part of mapper.map(payload, data)) {
        yield part;
        // The consumer may have aborted while it held the part.
        abortSignal.throwIfAborted();
      }
      if (mapper.finished) return;
    }
    throw openAIResponsesInvalidResponse(provider, `${provider} stream ended before response.completed`, undefined);
  } finally {
    release();
    // Leaving early (abort, error, consumer stopped): stop the upstream generating for nobody.
    await response.body?.cancel().catch(() => undefined);
  }
}
