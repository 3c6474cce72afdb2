import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelContent, LanguageModelGenerateResult } from '../spec/language-model.ts';
import { chatCompletionResponseSchema } from './chat-completions-wire.ts';
import { readChatErrorPayload } from './chat-errors.ts';
import { randomToolCallId, toolCallInput } from './chat-tool-call-input.ts';
import { mapChatFinishReason } from './map-chat-finish-reason.ts';
import { mapChatUsage } from './map-chat-usage.ts';

/**
 * A `chat.completion` answer as a generate result: text first, then tool calls in the order sent.
 * An error envelope in a 200 answer (OpenRouter) is a ProviderError; anything that is not a
 * completion is an invalid_response.
 */
export function mapChatResponse(
  provider: string,
  payload: unknown,
  options: { readonly body: string; readonly generateToolCallId?: (() => string) | undefined },
): Omit<LanguageModelGenerateResult, 'warnings'> {
  const reported = readChatErrorPayload(provider, payload, options.body);
  if (reported) throw reported;
  const parsed = chatCompletionResponseSchema.safeParse(payload);
  if (!parsed.success) throw invalidResponse(provider, `${provider} sent an answer that is not a chat completion`, options.body, parsed.error);
  // We never ask for n > 1, so the first choice is the answer.
  const choice = parsed.data.choices.find((candidate) => (candidate.index ?? 0) === 0);
  if (!choice) throw invalidResponse(provider, `${provider} sent a chat completion without choices`, options.body);

  const content: LanguageModelContent[] = [];
  // A refusal is what the model said instead of an answer; the user should read it.
  const text = choice.message.content ?? choice.message.refusal ?? '';
  if (text !== '') content.push({ type: 'text', text });
  for (const call of choice.message.tool_calls ?? []) {
    const toolName = call.function.name ?? '';
    if (toolName === '') throw invalidResponse(provider, `${provider} sent a tool call without a name`, options.body);
    content.push({
      type: 'tool-call',
      toolCallId: call.id || (options.generateToolCallId ?? randomToolCallId)(),
      toolName,
      input: toolCallInput(call.function.arguments),
    });
  }
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  return {
    content,
    finishReason: mapChatFinishReason(choice.finish_reason, hasToolCalls),
    usage: mapChatUsage(parsed.data.usage ?? parsed.data.x_groq?.usage),
  };
}
