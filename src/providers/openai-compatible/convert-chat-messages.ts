import type { LanguageModelImagePart, LanguageModelMessage, LanguageModelTextPart, LanguageModelWarning } from '../spec/language-model.ts';
import type { ChatContentPart, ChatMessage, ChatToolCall } from './chat-completions-wire.ts';
import { imageStandIn } from './image-stand-in.ts';

export interface ConvertChatMessagesOptions {
  readonly provider: string;
  readonly supportsImageInput: boolean;
}

/**
 * The prompt as Chat Completions messages: assistant tool calls become `tool_calls`, each tool
 * result its own `role: 'tool'` message, images `image_url` parts with data URLs — or, for
 * text-only models, a text stand-in (one warning per message list says how many).
 */
export function convertChatMessages(
  prompt: ReadonlyArray<LanguageModelMessage>,
  options: ConvertChatMessagesOptions,
): { messages: ChatMessage[]; warnings: LanguageModelWarning[] } {
  const messages: ChatMessage[] = [];
  const warnings: LanguageModelWarning[] = [];
  let replacedImages = 0;
  let repairedArguments = 0;

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const parts: ChatContentPart[] = [];
        for (const part of message.content) {
          if (part.type === 'image' && !options.supportsImageInput) replacedImages++;
          parts.push(userPart(part, options.supportsImageInput));
        }
        messages.push({ role: 'user', content: simplify(parts) });
        break;
      }
      case 'assistant': {
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        const toolCalls: ChatToolCall[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-call') continue;
          const input = isJsonObject(part.input) ? part.input : '{}';
          if (input !== part.input) repairedArguments++;
          toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: input } });
        }
        // `content` may be null only next to tool calls (OpenAPI ChatCompletionRequestAssistantMessage).
        messages.push(toolCalls.length > 0 ? { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls } : { role: 'assistant', content: text });
        break;
      }
      case 'tool':
        for (const result of message.content) messages.push({ role: 'tool', tool_call_id: result.toolCallId, content: result.output });
        break;
    }
  }

  if (replacedImages > 0) {
    warnings.push({ type: 'other', message: `${options.provider}: this model takes no images; ${replacedImages} image(s) were replaced by a text description.` });
  }
  if (repairedArguments > 0) {
    // Ollama unmarshals replayed arguments and answers 400 to anything but a JSON object
    // (FromCompletionToolCall in ollama/openai/openai.go), which would wedge the whole conversation.
    warnings.push({ type: 'other', message: `${options.provider}: ${repairedArguments} earlier tool call(s) had arguments that are not JSON; they were replayed as {}.` });
  }
  return { messages, warnings };
}

function userPart(part: LanguageModelTextPart | LanguageModelImagePart, supportsImageInput: boolean): ChatContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (!supportsImageInput) return { type: 'text', text: imageStandIn(part) };
  const url = `data:${part.mediaType};base64,${Buffer.from(part.data).toString('base64')}`;
  // Only Chat Completions' own values go on ('auto' is its default; 'original' is not one of them).
  return { type: 'image_url', image_url: part.detail === 'low' || part.detail === 'high' ? { url, detail: part.detail } : { url } };
}

/**
 * Text-only content goes as one string: older llama.cpp servers read only string content, and
 * Ollama turns each text part into a message of its own (FromChatRequest).
 */
function simplify(parts: ChatContentPart[]): string | ChatContentPart[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => part.text).join('\n');
  return parts;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
