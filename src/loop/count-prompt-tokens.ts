import { maxImageInputTokens } from '../pricing/image-input-tokens.ts';
import type { LanguageModelMessage, LanguageModelTool } from '../providers/spec/language-model.ts';
import { countO200kTokens } from '../tokens/count-o200k-tokens.ts';

/**
 * The input tokens of one model step's prompt: every text the model reads (system, user and
 * assistant text, tool-call arguments, tool results, each offered tool's name, description and
 * JSON schema) counted with the o200k tokenizer, and each image at its model's published token
 * cost for its pixel size and `detail` (`maxImageInputTokens`). The simulator bills exactly this.
 *
 * Unlike `estimatePromptTokens` (an upper bound for reservations) this is a count, for
 * `POST /v1/responses/input_tokens`. `modelId` is the upstream model the step would run on.
 */
export function countPromptTokens(messages: ReadonlyArray<LanguageModelMessage>, tools: ReadonlyArray<LanguageModelTool>, modelId: string): number {
  let total = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') {
      total += countO200kTokens(message.content);
      continue;
    }
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          total += countO200kTokens(part.text);
          break;
        case 'image':
          total += maxImageInputTokens({ modelId, width: part.width, height: part.height, detail: part.detail });
          break;
        case 'tool-call':
          total += countO200kTokens(part.input);
          break;
        case 'tool-result':
          total += countO200kTokens(part.output);
          break;
      }
    }
  }
  for (const tool of tools) {
    total += countO200kTokens(tool.name) + countO200kTokens(tool.description) + countO200kTokens(JSON.stringify(tool.parameters));
  }
  return total;
}
