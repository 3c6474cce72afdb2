import { describe, expect, it } from 'vitest';
import { convertToOpenAIResponsesInput } from './openai-responses-input.ts';

describe('convertToOpenAIResponsesInput', () => {
  it('puts leading system messages into instructions and later ones into developer messages', () => {
    const converted = convertToOpenAIResponsesInput([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: 'The user is in a hurry.' },
    ]);
    expect(converted).toEqual({
      instructions: 'Be brief.\n\nAnswer in French.',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
        { type: 'message', role: 'developer', content: 'The user is in a hurry.' },
      ],
    });
  });

  it('has no instructions when the prompt does not start with a system message', () => {
    expect(convertToOpenAIResponsesInput([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]).instructions).toBeUndefined();
  });

  it('sends user images as data URLs built from the bytes, with detail auto', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    // A view into a larger buffer: only the viewed bytes may be encoded.
    const view = new Uint8Array(new Uint8Array([9, 9, ...bytes, 9]).buffer, 2, bytes.length);
    const { input } = convertToOpenAIResponsesInput([
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', data: view }] },
    ]);
    expect(input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`, detail: 'auto' },
        ],
      },
    ]);
  });

  it("sends the client's detail on, since it decides what the image costs", () => {
    const data = new Uint8Array([1, 2, 3]);
    const { input } = convertToOpenAIResponsesInput([
      { role: 'user', content: [{ type: 'image', mediaType: 'image/png', data, width: 4000, height: 3000, detail: 'low' }, { type: 'image', mediaType: 'image/png', data, detail: 'original' }] },
    ]);
    const content = (input[0] as { content: Array<{ detail?: string }> }).content;
    expect(content.map((part) => part.detail)).toEqual(['low', 'original']);
  });

  it('replays assistant text, tool calls and tool results in order, paired by call_id', () => {
    const { input } = convertToOpenAIResponsesInput([
      { role: 'user', content: [{ type: 'text', text: 'Draw a fox, then tell me the weather.' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Sure.' },
          { type: 'text', text: ' One moment.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'image_generation', input: '{"prompt":"a fox"}' },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_weather', input: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'image_generation', output: 'The image was delivered to the user.' },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'get_weather', output: '{"temperature":18}' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Done: 18 °C.' }] },
    ]);
    expect(input.slice(1)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sure.' }, { type: 'output_text', text: ' One moment.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'image_generation', arguments: '{"prompt":"a fox"}' },
      { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'The image was delivered to the user.' },
      { type: 'function_call_output', call_id: 'call_2', output: '{"temperature":18}' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done: 18 °C.' }] },
    ]);
  });
});
