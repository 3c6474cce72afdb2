import type { LanguageModelTool } from '../providers/spec/language-model.ts';
import type { ResponseLoopInput } from './response-loop-types.ts';

/**
 * Over-estimates the input tokens of one model step from the prompt's size (2 characters per
 * token, 85 per image) so a reservation bounds the real bill.
 */
export function estimatePromptTokens(messages: ResponseLoopInput['messages'], tools: ReadonlyArray<LanguageModelTool>): number {
  let characters = JSON.stringify(tools).length;
  let images = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'image') images += 1;
      else if (part.type === 'text') characters += part.text.length;
      else if (part.type === 'tool-call') characters += part.input.length + part.toolName.length;
      else characters += part.output.length;
    }
  }
  return Math.ceil(characters / 2) + images * 85 + messages.length * 4;
}
