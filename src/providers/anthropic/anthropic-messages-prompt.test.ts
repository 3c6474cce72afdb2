import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { convertToAnthropicPrompt } from './anthropic-messages-prompt.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('convertToAnthropicPrompt', () => {
  it('moves system messages to system blocks and sends images as base64 sources', () => {
    const prompt: LanguageModelMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', data: png }] },
      { role: 'system', content: 'Answer in French.' },
    ];
    expect(convertToAnthropicPrompt(prompt)).toEqual({
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Answer in French.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } },
          ],
        },
      ],
    });
  });

  it('replays tool calls as tool_use blocks and merges all their results into one user turn, results first', () => {
    const prompt: LanguageModelMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Two foxes please.' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Drawing.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'image_generation', input: '{"prompt":"a fox"}' },
          { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'image_generation', input: '{"prompt":"another fox"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', toolName: 'image_generation', output: 'delivered' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_2', toolName: 'image_generation', output: 'delivered too' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks!' }] },
    ];
    const { messages, system } = convertToAnthropicPrompt(prompt);
    expect(system).toBeUndefined();
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]?.content).toEqual([
      { type: 'text', text: 'Drawing.' },
      { type: 'tool_use', id: 'toolu_1', name: 'image_generation', input: { prompt: 'a fox' } },
      { type: 'tool_use', id: 'toolu_2', name: 'image_generation', input: { prompt: 'another fox' } },
    ]);
    expect(messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_1', content: 'delivered' },
      { type: 'tool_result', tool_use_id: 'toolu_2', content: 'delivered too' },
      { type: 'text', text: 'Thanks!' },
    ]);
  });

  it('merges consecutive user messages and drops empty text and empty messages', () => {
    const { messages } = convertToAnthropicPrompt([
      { role: 'user', content: [{ type: 'text', text: 'one' }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }] },
      { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'two' }] },
    ]);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] }]);
  });
});
