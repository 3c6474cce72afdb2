import { fetchWithRetry } from '../shared/fetch-with-retry.ts';
import { postJson } from '../shared/post-json.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { readSse } from '../shared/read-sse.ts';
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelGenerateResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
} from '../spec/language-model.ts';
import { geminiCallIdSource } from './gemini-generate-content-call-id.ts';
import { withGeminiRetryInfo } from './gemini-generate-content-error.ts';
import type { GeminiPromptOptions } from './gemini-generate-content-prompt.ts';
import { buildGeminiGenerateContentRequest } from './gemini-generate-content-request.ts';
import { type GeminiReadOptions, invalidGeminiResponse, mapGeminiGenerateContentResponse } from './gemini-generate-content-response.ts';
import { mapGeminiGenerateContentStream } from './gemini-generate-content-stream.ts';
import { GeminiThoughtSignatures, SKIP_THOUGHT_SIGNATURE, needsThoughtSignatures } from './gemini-language-model-thought-signatures.ts';

export const geminiProvider = 'gemini';

/**
 * Gemini through the Gemini API (`{baseURL}/models/{model}:generateContent`, streamed with
 * `:streamGenerateContent?alt=sse`; baseURL e.g. `https://generativelanguage.googleapis.com/v1beta`).
 * The API key arrives in `settings.headers` (`x-goog-api-key`). Thought signatures of the calls
 * this instance saw are kept to be sent back when the loop replays those calls.
 */
export function createGeminiLanguageModel(modelId: string, settings: ProviderSettings): LanguageModel {
  const modelPath = `/models/${encodeURIComponent(modelId.replace(/^models\//, ''))}`;
  const retrying: ProviderSettings = { ...settings, fetch: withGeminiRetryInfo(settings.fetch) };
  const signatures = new GeminiThoughtSignatures();
  const promptOptions: GeminiPromptOptions = {
    signatureFor: (toolCallId) => signatures.lookup(toolCallId),
    placeholderSignature: needsThoughtSignatures(modelId) ? SKIP_THOUGHT_SIGNATURE : undefined,
  };
  const readOptions = (call: LanguageModelCallOptions): GeminiReadOptions => ({
    callIds: geminiCallIdSource(call.prompt),
    onSignature: (toolCallId, signature) => signatures.remember(toolCallId, signature),
  });

  return {
    provider: geminiProvider,
    modelId,

    async doGenerate(call: LanguageModelCallOptions): Promise<LanguageModelGenerateResult> {
      call.abortSignal.throwIfAborted();
      const { body, warnings } = buildGeminiGenerateContentRequest(call, promptOptions);
      const json = await postJson(retrying, { provider: geminiProvider, path: `${modelPath}:generateContent`, body, abortSignal: call.abortSignal });
      return { ...mapGeminiGenerateContentResponse(geminiProvider, json, readOptions(call)), warnings };
    },

    async doStream(call: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
      call.abortSignal.throwIfAborted();
      const { body, warnings } = buildGeminiGenerateContentRequest(call, promptOptions);
      const { response, release } = await fetchWithRetry(retrying, {
        provider: geminiProvider,
        url: `${settings.baseURL}${modelPath}:streamGenerateContent?alt=sse`,
        init: { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...settings.headers }, body: JSON.stringify(body) },
        abortSignal: call.abortSignal,
      });
      return { stream: streamParts(response, release, { ...readOptions(call), provider: geminiProvider, abortSignal: call.abortSignal }), warnings };
    },
  };
}

async function* streamParts(
  response: Response,
  release: () => void,
  options: Parameters<typeof mapGeminiGenerateContentStream>[1],
): AsyncGenerator<LanguageModelStreamPart> {
  try {
    if (response.body === null) throw invalidGeminiResponse(geminiProvider, `${geminiProvider} answered a stream request without a body`, undefined);
    yield* mapGeminiGenerateContentStream(readSse(response.body), options);
  } finally {
    release();
    await response.body?.cancel().catch(() => undefined);
  }
}
