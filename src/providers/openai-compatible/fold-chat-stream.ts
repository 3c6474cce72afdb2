import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelStreamPart, LanguageModelToolCallPart } from '../spec/language-model.ts';
import type { ChatCompletionChunk, ChatToolCallDelta, ChatUsage } from './chat-completions-wire.ts';
import { randomToolCallId, toolCallInput } from './chat-tool-call-input.ts';
import { mapChatFinishReason } from './map-chat-finish-reason.ts';
import { mapChatUsage } from './map-chat-usage.ts';

interface PendingToolCall {
  id: string | undefined;
  name: string;
  input: string;
}

export interface ChatStreamFolder {
  /** The parts one chunk yields right away: its text deltas. */
  push(chunk: ChatCompletionChunk): LanguageModelStreamPart[];
  /** Whether some chunk carried a finish_reason (the answer is complete, bar the usage chunk). */
  readonly finished: boolean;
  /** The completed tool calls, in the order they began, then the one finish part. */
  end(): LanguageModelStreamPart[];
}

/**
 * Folds `chat.completion.chunk`s into stream parts. Text streams through as it comes; tool calls
 * are put together per `index` (id and name in the first delta, arguments in pieces — or whole,
 * as Ollama sends them) and emitted at the end, when their arguments are complete. Usage comes
 * from whichever chunk carries it last (OpenAI sends it after the finish chunk, Groq under `x_groq`).
 */
export function createChatStreamFolder(options: { readonly provider: string; readonly generateToolCallId?: (() => string) | undefined }): ChatStreamFolder {
  const calls: PendingToolCall[] = [];
  const callBySlot = new Map<number, PendingToolCall>();
  let finishReason: string | undefined;
  let usage: ChatUsage | undefined;

  function pushToolCall(delta: ChatToolCallDelta, position: number): void {
    // Ollama before 0.4.7 sent no index (ollama/ollama#7881): position in the delta stands in.
    const slot = delta.index ?? position;
    const current = callBySlot.get(slot);
    const id = delta.id || undefined;
    const name = delta.function?.name || undefined;
    const piece = delta.function?.arguments;
    const text = piece === null || piece === undefined ? '' : typeof piece === 'string' ? piece : JSON.stringify(piece);
    // A new id at a used index is a new call: Ollama numbers every call 0 (ollama/ollama#15457).
    if (current === undefined || (id !== undefined && current.id !== undefined && id !== current.id)) {
      const call = { id, name: name ?? '', input: text };
      calls.push(call);
      callBySlot.set(slot, call);
      return;
    }
    current.id ??= id;
    // Some servers repeat the name in every delta; it is never sent in pieces.
    if (current.name === '' && name !== undefined) current.name = name;
    current.input += text;
  }

  return {
    push(chunk) {
      const found = chunk.usage ?? chunk.x_groq?.usage;
      if (found) usage = found;
      const parts: LanguageModelStreamPart[] = [];
      // We never ask for n > 1; only choice 0 is the answer.
      for (const choice of chunk.choices ?? []) {
        if ((choice.index ?? 0) !== 0) continue;
        const delta = choice.delta;
        const text = delta?.content ?? delta?.refusal;
        if (text) parts.push({ type: 'text-delta', delta: text });
        (delta?.tool_calls ?? []).forEach(pushToolCall);
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      return parts;
    },
    get finished() {
      return finishReason !== undefined;
    },
    end() {
      const toolCalls = calls.map((call): LanguageModelToolCallPart => {
        if (call.name === '') throw invalidResponse(options.provider, `${options.provider} streamed a tool call without a name`, undefined);
        const toolCallId = call.id ?? (options.generateToolCallId ?? randomToolCallId)();
        return { type: 'tool-call', toolCallId, toolName: call.name, input: toolCallInput(call.input) };
      });
      return [...toolCalls, { type: 'finish', finishReason: mapChatFinishReason(finishReason, toolCalls.length > 0), usage: mapChatUsage(usage) }];
    },
  };
}
