import { describe, expect, it } from 'vitest';
import { COMPACTION_REQUEST } from '../../service/compaction/compaction-prompt.ts';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { summarizeIfAsked } from './summarize-conversation.ts';

const ask: LanguageModelMessage = { role: 'user', content: [{ type: 'text', text: COMPACTION_REQUEST }] };
const image = { type: 'image' as const, mediaType: 'image/png', data: new Uint8Array([1]) };

describe('summarizeIfAsked', () => {
  it('answers only the server\'s compaction request', () => {
    expect(summarizeIfAsked([{ role: 'user', content: [{ type: 'text', text: 'Summarize our chat please.' }] }])).toBeUndefined();
    expect(summarizeIfAsked([ask, { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }])).toBeUndefined();
    expect(summarizeIfAsked([ask])).toBe('Summary of 0 earlier messages and tool events:');
  });

  it('one line per message, function call and result; generated images by id with their prompt; failed image calls left out', () => {
    const prompt: LanguageModelMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Draw a red fox.' }, image] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'c1', toolName: 'image_generation', input: '{"prompt":"a red fox"}' },
          { type: 'tool-call', toolCallId: 'c2', toolName: 'image_generation', input: '{"prompt":"a red fox, variation 2"}' },
          { type: 'tool-call', toolCallId: 'c3', toolName: 'get_weather', input: '{"city":"Oslo"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 'image_generation', output: '{"status":"delivered","image_id":"ig_1"}' },
          { type: 'tool-result', toolCallId: 'c2', toolName: 'image_generation', output: '{"status":"not_executed","reason":"max_images"}' },
          { type: 'tool-result', toolCallId: 'c3', toolName: 'get_weather', output: 'Sunny, 12 C' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Here is your fox.' }] },
      ask,
    ];
    expect(summarizeIfAsked(prompt)).toBe(
      [
        'Summary of 6 earlier messages and tool events:',
        '- Instructions or notes: "Be brief."',
        '- The user said: "Draw a red fox." (with 1 image)',
        '- The assistant called get_weather with {"city":"Oslo"}',
        '- Image ig_1 was generated (prompt: "a red fox").',
        '- get_weather returned: "Sunny, 12 C"',
        '- The assistant said: "Here is your fox."',
      ].join('\n'),
    );
  });

  it('carries an earlier summary on line by line, and keeps the newest 40 lines', () => {
    const earlier: LanguageModelMessage = { role: 'system', content: 'Summary of the earlier conversation (compacted):\nSummary of 1 earlier messages and tool events:\n- The user said: "slate"' };
    const chatter: LanguageModelMessage[] = Array.from({ length: 45 }, (_, index) => ({ role: 'user', content: [{ type: 'text', text: `message ${index}` }] }));
    expect(summarizeIfAsked([earlier, { role: 'user', content: [{ type: 'text', text: 'teal' }] }, ask])).toBe(
      ['Summary of 2 earlier messages and tool events:', '- The user said: "slate"', '- The user said: "teal"'].join('\n'),
    );
    const long = summarizeIfAsked([earlier, ...chatter, ask])!.split('\n');
    expect(long[0]).toBe('Summary of 46 earlier messages and tool events (the newest 40):');
    expect(long.slice(1)).toHaveLength(40);
    expect(long.at(-1)).toBe('- The user said: "message 44"');
  });
});
