import { postJson } from '../shared/post-json.ts';
import { postSse, streamSseAnswer } from '../shared/post-sse.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamResult } from '../spec/language-model.ts';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, buildAnthropicMessagesRequest } from './anthropic-messages-request.ts';
import { mapAnthropicMessagesResponse } from './anthropic-messages-response.ts';
import { mapAnthropicMessagesStream } from './anthropic-messages-stream.ts';

export const anthropicProvider = 'anthropic';

/** The Messages API version this adapter speaks, sent unless the settings name one. */
export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicLanguageModelOptions {
  /** `max_tokens` when a call sets no `maxOutputTokens` (the API requires one); default 4096. */
  readonly defaultMaxTokens?: number;
}

/**
 * Claude through the Messages API (`POST {baseURL}/messages`). The API key arrives in
 * `settings.headers` (`x-api-key`); doGenerate asks for one JSON Message, doStream for the
 * event stream, both retried by the shared fetch until the first byte of the answer.
 */
export function createAnthropicLanguageModel(modelId: string, settings: ProviderSettings, options: AnthropicLanguageModelOptions = {}): LanguageModel {
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  const headers: Record<string, string> = hasHeader(settings.headers, 'anthropic-version') ? {} : { 'anthropic-version': ANTHROPIC_VERSION };
  return {
    provider: anthropicProvider,
    modelId,

    async doGenerate(call: LanguageModelCallOptions): Promise<LanguageModelGenerateResult> {
      call.abortSignal.throwIfAborted();
      const { body, warnings } = buildAnthropicMessagesRequest(modelId, call, { stream: false, defaultMaxTokens });
      const json = await postJson(settings, { provider: anthropicProvider, path: '/messages', body, headers, abortSignal: call.abortSignal });
      return { ...mapAnthropicMessagesResponse(anthropicProvider, json), warnings };
    },

    async doStream(call: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
      call.abortSignal.throwIfAborted();
      const { body, warnings } = buildAnthropicMessagesRequest(modelId, call, { stream: true, defaultMaxTokens });
      const answer = await postSse(settings, { provider: anthropicProvider, path: '/messages', body, headers, abortSignal: call.abortSignal });
      const stream = streamSseAnswer(anthropicProvider, answer, (messages) => mapAnthropicMessagesStream(messages, { provider: anthropicProvider, abortSignal: call.abortSignal }));
      return { stream, warnings };
    },
  };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
