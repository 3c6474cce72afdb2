import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../providers/spec/language-model.ts';
import { estimatePromptTokens } from './estimate-prompt-tokens.ts';

const data = new Uint8Array([1, 2, 3]);
const withImage = (image: Record<string, unknown>): LanguageModelMessage[] => [
  { role: 'user', content: [{ type: 'text', text: 'abcd' }, { type: 'image', mediaType: 'image/png', data, ...image }] },
];

describe('estimatePromptTokens', () => {
  it('bounds text (and the tools JSON, "[]" here) at 2 characters a token, plus 4 a message', () => {
    expect(estimatePromptTokens([{ role: 'user', content: [{ type: 'text', text: 'abcd' }] }], [], 'gpt-4.1')).toBe((2 + 4) / 2 + 4);
  });

  it("adds each image at its model's formula for its size and detail", () => {
    const textOnly = estimatePromptTokens([{ role: 'user', content: [{ type: 'text', text: 'abcd' }] }], [], 'gpt-4.1');
    expect(estimatePromptTokens(withImage({ width: 2048, height: 4096, detail: 'high' }), [], 'gpt-4.1') - textOnly).toBe(1105);
    expect(estimatePromptTokens(withImage({ width: 2048, height: 4096, detail: 'low' }), [], 'gpt-4.1') - textOnly).toBe(85);
    expect(estimatePromptTokens(withImage({ width: 1000, height: 1000 }), [], 'claude-sonnet-4-5') - textOnly).toBe(1334);
    // Unmeasured: the worst shape for the model.
    expect(estimatePromptTokens(withImage({}), [], 'gpt-4.1') - textOnly).toBe(85 + 8 * 170);
  });
});
