import type { LanguageModelCallOptions, LanguageModelWarning } from '../spec/language-model.ts';
import type { ChatCompletionRequestBody } from './chat-completions-wire.ts';
import { convertChatMessages } from './convert-chat-messages.ts';
import { convertChatTools } from './convert-chat-tools.ts';
import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';

/**
 * The `/chat/completions` body for one call. Every option is decided here: sent under the field
 * this server reads, made another way, or named in a warning. Unset options are left out so the
 * server's own defaults apply.
 */
export function buildChatRequestBody(
  modelId: string,
  call: LanguageModelCallOptions,
  options: OpenAICompatibleOptions,
  mode: { readonly stream: boolean },
): { body: ChatCompletionRequestBody; warnings: LanguageModelWarning[] } {
  const converted = convertChatMessages(call.prompt, options);
  const tools = convertChatTools(call, options);
  const body: ChatCompletionRequestBody = { model: modelId, messages: converted.messages, ...tools.fields };
  if (call.maxOutputTokens !== undefined) body[options.maxTokensField] = call.maxOutputTokens;
  if (call.temperature !== undefined) body.temperature = call.temperature;
  if (call.topP !== undefined) body.top_p = call.topP;
  if (mode.stream) {
    body.stream = true;
    if (options.supportsStreamUsage) body.stream_options = { include_usage: true };
  }
  return { body, warnings: [...converted.warnings, ...tools.warnings] };
}
