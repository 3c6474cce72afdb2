import { toolInputObject } from '../shared/tool-input-object.ts';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import type {
  AnthropicAssistantContent,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
  AnthropicUserContent,
} from './anthropic-messages-wire.ts';

export interface AnthropicPrompt {
  readonly system: AnthropicTextBlockParam[] | undefined;
  readonly messages: AnthropicMessageParam[];
}

/**
 * Converts the spec's prompt into `system` + `messages`. System messages anywhere become
 * top-level system blocks (the API has no system role in `messages`); tool results become user
 * `tool_result` blocks; consecutive messages of one role are merged, because the API wants
 * user and assistant turns to alternate and all results of one assistant turn in the next
 * user turn. Empty text is dropped: the API rejects empty text blocks.
 */
export function convertToAnthropicPrompt(prompt: ReadonlyArray<LanguageModelMessage>): AnthropicPrompt {
  const system: AnthropicTextBlockParam[] = [];
  const messages: AnthropicMessageParam[] = [];
  const append = (message: AnthropicMessageParam) => {
    if (message.content.length === 0) return;
    const last = messages.at(-1);
    if (last?.role === 'user' && message.role === 'user') last.content = resultsFirst([...last.content, ...message.content]);
    else if (last?.role === 'assistant' && message.role === 'assistant') last.content.push(...message.content);
    else messages.push(message);
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push({ type: 'text', text: message.content });
        break;
      case 'user':
        append({ role: 'user', content: message.content.flatMap((part): AnthropicUserContent[] => (part.type === 'text' ? textBlocks(part.text) : [imageBlock(part.mediaType, part.data)])) });
        break;
      case 'assistant':
        append({
          role: 'assistant',
          content: message.content.flatMap((part): AnthropicAssistantContent[] =>
            part.type === 'text' ? textBlocks(part.text) : [{ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toolInputObject(part.input) }],
          ),
        });
        break;
      case 'tool':
        append({ role: 'user', content: message.content.map((part) => ({ type: 'tool_result' as const, tool_use_id: part.toolCallId, content: part.output })) });
        break;
    }
  }
  return { system: system.length > 0 ? system : undefined, messages };
}

/**
 * Within a merged user turn, tool results go before text and images (tool-use guide: "the
 * tool_result blocks must come FIRST in the content array"), each group keeping its order.
 */
function resultsFirst(content: AnthropicUserContent[]): AnthropicUserContent[] {
  return [...content.filter((block) => block.type === 'tool_result'), ...content.filter((block) => block.type !== 'tool_result')];
}

function textBlocks(text: string): AnthropicTextBlockParam[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function imageBlock(mediaType: string, data: Uint8Array): AnthropicUserContent {
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: Buffer.from(data).toString('base64') } };
}
