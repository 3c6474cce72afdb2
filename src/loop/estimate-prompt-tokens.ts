import { maxImageInputTokens } from '../pricing/image-input-tokens.ts';
import type { LanguageModelTool } from '../providers/spec/language-model.ts';
import type { ResponseLoopInput } from './response-loop-types.ts';

/**
 * Over-estimates the input tokens of one model step so a reservation bounds the real bill:
 * text at 2 characters per token, and each image at the most its model's published formula
 * charges for its pixel size and `detail` (see `maxImageInputTokens`).
 *
 * `modelId` is the upstream model the step runs on (`languageModel.modelId`).
 */
export function estimatePromptTokens(messages: ResponseLoopInput['messages'], tools: ReadonlyArray<LanguageModelTool>, modelId: string): number {
  let characters = JSON.stringify(tools).length;
  let imageTokens = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'image') imageTokens += maxImageInputTokens({ modelId, width: part.width, height: part.height, detail: part.detail });
      else if (part.type === 'text') characters += part.text.length;
      else if (part.type === 'tool-call') characters += part.input.length + part.toolName.length;
      else characters += part.output.length;
    }
  }
  return Math.ceil(characters / 2) + imageTokens + messages.length * 4;
}
