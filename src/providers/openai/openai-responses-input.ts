import type { LanguageModelImagePart, LanguageModelMessage, LanguageModelTextPart } from '../spec/language-model.ts';
import type { OpenAIResponsesInputContent, OpenAIResponsesInputItem } from './openai-responses-wire.ts';

export interface OpenAIResponsesInput {
  /** The leading system messages, joined; undefined when the prompt starts otherwise. */
  instructions: string | undefined;
  input: OpenAIResponsesInputItem[];
}

/**
 * The prompt as Responses `instructions` + `input` items. Leading system messages become
 * `instructions` (the API's slot for the system prompt); a system message later in the
 * conversation keeps its place as a `developer` message, the role OpenAI gives instructions
 * that outrank the user's. Assistant text and tool calls keep their order as separate items,
 * and tool results refer to their call by `call_id`, as the API pairs them.
 */
export function convertToOpenAIResponsesInput(prompt: ReadonlyArray<LanguageModelMessage>): OpenAIResponsesInput {
  const leading: string[] = [];
  let index = 0;
  for (; index < prompt.length; index++) {
    const message = prompt[index];
    if (message?.role !== 'system') break;
    leading.push(message.content);
  }

  const input: OpenAIResponsesInputItem[] = [];
  for (const message of prompt.slice(index)) {
    switch (message.role) {
      case 'system':
        input.push({ type: 'message', role: 'developer', content: message.content });
        break;
      case 'user':
        input.push({ type: 'message', role: 'user', content: message.content.map(userContent) });
        break;
      case 'assistant':
        for (const part of message.content) {
          if (part.type === 'tool-call') {
            input.push({ type: 'function_call', call_id: part.toolCallId, name: part.toolName, arguments: part.input });
            continue;
          }
          const last = input.at(-1);
          // Consecutive text parts of one turn read as one assistant message.
          if (last?.type === 'message' && last.role === 'assistant') last.content.push({ type: 'output_text', text: part.text });
          else input.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: part.text }] });
        }
        break;
      case 'tool':
        for (const part of message.content) input.push({ type: 'function_call_output', call_id: part.toolCallId, output: part.output });
        break;
    }
  }
  return { instructions: leading.length > 0 ? leading.join('\n\n') : undefined, input };
}

function userContent(part: LanguageModelTextPart | LanguageModelImagePart): OpenAIResponsesInputContent {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  // A view on the same bytes: images can be megabytes, no need to copy them before encoding.
  const base64 = Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength).toString('base64');
  // The client's detail is sent on: it decides what the image costs, and the reservation counts on it.
  return { type: 'input_image', image_url: `data:${part.mediaType};base64,${base64}`, detail: part.detail ?? 'auto' };
}
