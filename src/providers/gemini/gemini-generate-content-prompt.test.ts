import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { type GeminiPromptOptions, convertToGeminiPrompt } from './gemini-generate-content-prompt.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const noSignatures: GeminiPromptOptions = { signatureFor: () => undefined, placeholderSignature: undefined };

const conversation: LanguageModelMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: [{ type: 'text', text: 'Draw two foxes like this one.' }, { type: 'image', mediaType: 'image/png', data: png }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Sure.' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'image_generation', input: '{"prompt":"a fox"}' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_weather', input: '{"city":"Oslo"}' },
    ],
  },
  // Results arrive out of order and in two messages; Gemini pairs them by order.
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_b', toolName: 'get_weather', output: 'sunny' }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_a', toolName: 'image_generation', output: 'delivered' }] },
  { role: 'user', content: [{ type: 'text', text: 'Thanks!' }] },
];

describe('convertToGeminiPrompt', () => {
  it('builds user/model contents, a systemInstruction and inline images', () => {
    const { contents, systemInstruction } = convertToGeminiPrompt(conversation, noSignatures);
    expect(systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(contents[0]?.parts).toEqual([{ text: 'Draw two foxes like this one.' }, { inlineData: { mimeType: 'image/png', data: Buffer.from(png).toString('base64') } }]);
    expect(contents[1]?.parts).toEqual([
      { text: 'Sure.' },
      { functionCall: { name: 'image_generation', args: { prompt: 'a fox' } } },
      { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
    ]);
  });

  it('merges the results and the next user message into one turn, results in call order, without ids', () => {
    const { contents } = convertToGeminiPrompt(conversation, noSignatures);
    expect(contents[2]?.parts).toEqual([
      { functionResponse: { name: 'image_generation', response: { output: 'delivered' } } },
      { functionResponse: { name: 'get_weather', response: { output: 'sunny' } } },
      { text: 'Thanks!' },
    ]);
    expect(JSON.stringify(contents)).not.toContain('"id"');
  });

  it('sends known signatures back and puts the placeholder on a turn whose first call has none', () => {
    const signed = convertToGeminiPrompt(conversation, { signatureFor: (id) => (id === 'call_a' ? 'c2lnLWE=' : undefined), placeholderSignature: 'skip_thought_signature_validator' });
    expect(signed.contents[1]?.parts.slice(1)).toEqual([
      { functionCall: { name: 'image_generation', args: { prompt: 'a fox' } }, thoughtSignature: 'c2lnLWE=' },
      { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
    ]);
    const unsigned = convertToGeminiPrompt(conversation, { signatureFor: () => undefined, placeholderSignature: 'skip_thought_signature_validator' });
    expect(unsigned.contents[1]?.parts.slice(1)).toEqual([
      { functionCall: { name: 'image_generation', args: { prompt: 'a fox' } }, thoughtSignature: 'skip_thought_signature_validator' },
      { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
    ]);
  });

  it('drops empty text and empty turns', () => {
    const { contents, systemInstruction } = convertToGeminiPrompt(
      [
        { role: 'system', content: '' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
      noSignatures,
    );
    expect(systemInstruction).toBeUndefined();
    expect(contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }, { text: 'again' }] }]);
  });
});
