import { postJson } from '../shared/post-json.ts';
import { postSse, streamSseAnswer } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamResult } from '../spec/language-model.ts';
import { geminiCallIdSource } from './gemini-generate-content-call-id.ts';
import type { GeminiPromptOptions } from './gemini-generate-content-prompt.ts';
import { buildGeminiGenerateContentRequest } from './gemini-generate-content-request.ts';
import { type GeminiReadOptions, mapGeminiGenerateContentResponse } from './gemini-generate-content-response.ts';
import { mapGeminiGenerateContentStream } from './gemini-generate-content-stream.ts';
import { GeminiThoughtSignatures, SKIP_THOUGHT_SIGNATURE, needsThoughtSignatures } from './gemini-language-model-thought-signatures.ts';
import { withGoogleRetryInfo } from './google-error.ts';
import { withImageOutput } from './gemini-native-image-chat.ts';

export const geminiProvider = 'gemini';

/**
 * Gemini through the Gemini API (`{baseURL}/models/{model}:generateContent`, streamed with
 * `:streamGenerateContent?alt=sse`; baseURL e.g. `https://generativelanguage.googleapis.com/v1beta`).
 * The API key arrives in `settings.headers` (`x-goog-api-key`). Thought signatures of the calls
 * this instance saw are kept to be sent back when the loop replays those calls.
 */
export function createGeminiLanguageModel(modelId: string, settings: ProviderSettings): LanguageModel {
  const modelPath = `/models/${encodeURIComponent(modelId.replace(/^models\//, ''))}`;
  const retrying: ProviderSettings = withGoogleRetryInfo(settings);
  const signatures = new GeminiThoughtSignatures();
  const promptOptions: GeminiPromptOptions = {
    signatureFor: (toolCallId) => signatures.lookup(toolCallId),
    placeholderSignature: needsThoughtSignatures(modelId) ? SKIP_THOUGHT_SIGNATURE : undefined,
  };
  const requestFor = (call: LanguageModelCallOptions) => {
    const { body, warnings } = buildGeminiGenerateContentRequest(call, promptOptions);
    return { body: withImageOutput(modelId, body), warnings };
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
      const { body, warnings } = requestFor(call);
      const json = await postJson(retrying, { provider: geminiProvider, path: `${modelPath}:generateContent`, body, abortSignal: call.abortSignal });
      return { ...mapGeminiGenerateContentResponse(geminiProvider, json, readOptions(call)), warnings };
    },

    async doStream(call: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
      call.abortSignal.throwIfAborted();
      const { body, warnings } = requestFor(call);
      const answer = await postSse(retrying, { provider: geminiProvider, path: `${modelPath}:streamGenerateContent?alt=sse`, body, abortSignal: call.abortSignal });
      const streamOptions = { ...readOptions(call), provider: geminiProvider, abortSignal: call.abortSignal };
      return { stream: streamSseAnswer(geminiProvider, answer, (messages) => mapGeminiGenerateContentStream(messages, streamOptions)), warnings };
    },
  };
}
