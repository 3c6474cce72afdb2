import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { convertChatMessages } from './convert-chat-messages.ts';

const png = new Uint8Array(await sharp({ create: { width: 4, height: 3, channels: 3, background: 'red' } }).png().toBuffer());
const multimodal = { provider: 'openai.chat', supportsImageInput: true };
const textOnly = { provider: 'ollama', supportsImageInput: false };

const conversation: LanguageModelMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', data: png }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_weather', input: '{"city":"Tokyo"}' },
    ],
  },
  {
    role: 'tool',
    content: [
      { type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: 'sunny' },
      { type: 'tool-result', toolCallId: 'call_2', toolName: 'get_weather', output: 'rain' },
    ],
  },
  { role: 'assistant', content: [{ type: 'text', text: 'Sunny in Paris, rain in Tokyo.' }] },
];

describe('convertChatMessages', () => {
  it("sends image detail on when it is one of Chat Completions' values", () => {
    const detailed = (detail: 'low' | 'high' | 'auto' | 'original'): LanguageModelMessage => ({ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: png, detail }] });
    const sent = convertChatMessages([detailed('low'), detailed('high'), detailed('auto'), detailed('original')], multimodal).messages;
    expect(sent.map((message) => (message.content as Array<{ image_url?: { detail?: string } }>)[0]?.image_url?.detail)).toEqual(['low', 'high', undefined, undefined]);
  });

  it('maps every role: tool calls to tool_calls, each tool result to its own tool message', () => {
    const { messages, warnings } = convertChatMessages(conversation, multimodal);
    expect(warnings).toEqual([]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'rain' },
      { role: 'assistant', content: 'Sunny in Paris, rain in Tokyo.' },
    ]);
  });

  it('gives text-only models a stand-in for each image, as one string, and says so once', () => {
    const twoImages: LanguageModelMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Compare:' }, { type: 'image', mediaType: 'image/png', data: png }] },
      { role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: png }] },
    ];
    const { messages, warnings } = convertChatMessages(twoImages, textOnly);
    expect(messages).toEqual([
      { role: 'user', content: `Compare:\n[image: image/png, 4x3, ${png.byteLength} bytes omitted]` },
      { role: 'user', content: `[image: image/png, 4x3, ${png.byteLength} bytes omitted]` },
    ]);
    expect(warnings).toEqual([{ type: 'other', message: 'ollama: this model takes no images; 2 image(s) were replaced by a text description.' }]);
  });

  it('sends a tool-call-only assistant turn with null content', () => {
    const { messages } = convertChatMessages([{ role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 't', input: '{}' }] }], multimodal);
    expect(messages).toEqual([{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 't', arguments: '{}' } }] }]);
  });

  it('replays arguments that are not a JSON object as {} with a warning', () => {
    const { messages, warnings } = convertChatMessages(
      [
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'a', toolName: 't', input: '{"prompt": "a fox' },
            { type: 'tool-call', toolCallId: 'b', toolName: 't', input: '[1]' },
          ],
        },
      ],
      textOnly,
    );
    expect(messages[0]).toMatchObject({ tool_calls: [{ function: { arguments: '{}' } }, { function: { arguments: '{}' } }] });
    expect(warnings.map((warning) => warning.message)).toEqual(['ollama: 2 earlier tool call(s) had arguments that are not JSON; they were replayed as {}.']);
  });
});
