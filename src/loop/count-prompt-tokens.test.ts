import { describe, expect, it } from 'vitest';
import { countO200kTokens } from '../tokens/count-o200k-tokens.ts';
import { countPromptTokens } from './count-prompt-tokens.ts';

const PIXEL = new Uint8Array([0]);

describe('countPromptTokens', () => {
  it('counts every text the model reads with o200k, each role and tool part once', () => {
    const texts = ['Be brief.', 'Weather in Oslo?', '{"location":"Oslo"}', '{"temperature_c":3}', 'It is 3 °C.'];
    const tokens = countPromptTokens(
      [
        { role: 'system', content: texts[0] ?? '' },
        { role: 'user', content: [{ type: 'text', text: texts[1] ?? '' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: texts[2] ?? '' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: texts[3] ?? '' }] },
        { role: 'assistant', content: [{ type: 'text', text: texts[4] ?? '' }] },
      ],
      [],
      'gpt-4o',
    );
    expect(tokens).toBe(texts.reduce((sum, text) => sum + countO200kTokens(text), 0));
  });

  it("prices images with the model's formula: gpt-4o 1024×1024 is 765 high and 85 low; the simulator's flat 85", () => {
    const image = (detail: 'high' | 'low') => [{ role: 'user' as const, content: [{ type: 'image' as const, mediaType: 'image/png', data: PIXEL, width: 1024, height: 1024, detail }] }];
    expect(countPromptTokens(image('high'), [], 'gpt-4o')).toBe(765);
    expect(countPromptTokens(image('low'), [], 'gpt-4o')).toBe(85);
    expect(countPromptTokens(image('high'), [], 'simulator')).toBe(85);
  });

  it('adds each tool: name, description and JSON schema', () => {
    const parameters = { type: 'object', properties: { location: { type: 'string' } } };
    const tool = { name: 'get_weather', description: 'Current weather', parameters };
    expect(countPromptTokens([], [tool], 'gpt-4o')).toBe(countO200kTokens('get_weather') + countO200kTokens('Current weather') + countO200kTokens(JSON.stringify(parameters)));
  });
});
