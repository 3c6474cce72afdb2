import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { geminiCallIdSource } from './gemini-generate-content-call-id.ts';
import { GeminiThoughtSignatures, needsThoughtSignatures } from './gemini-language-model-thought-signatures.ts';

describe('GeminiThoughtSignatures', () => {
  it('remembers signatures by call id and forgets the oldest beyond its capacity', () => {
    const signatures = new GeminiThoughtSignatures(2);
    signatures.remember('a', 'A');
    signatures.remember('b', 'B');
    signatures.remember('a', 'A2');
    signatures.remember('c', 'C');
    expect([signatures.lookup('a'), signatures.lookup('b'), signatures.lookup('c')]).toEqual(['A2', undefined, 'C']);
  });
});

describe('needsThoughtSignatures', () => {
  it('is true from Gemini 3 on, and for names that do not tell', () => {
    expect(['gemini-2.5-flash', 'models/gemini-2.0-flash', 'gemini-1.5-pro'].map(needsThoughtSignatures)).toEqual([false, false, false]);
    expect(['gemini-3-pro-preview', 'models/gemini-3.1-flash-lite', 'gemini-flash-latest'].map(needsThoughtSignatures)).toEqual([true, true, true]);
  });
});

describe('geminiCallIdSource', () => {
  const prompt: LanguageModelMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'weather in Paris?' }] }];

  it('makes the same ids for the same answer to the same prompt, distinct per position', () => {
    const first = geminiCallIdSource(prompt);
    const again = geminiCallIdSource(prompt);
    const call = { id: undefined, name: 'get_weather', args: { city: 'Paris' } };
    const ids = [first(call), first(call)];
    expect(ids[0]).toMatch(/^call_[0-9a-f]{24}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect([again(call), again(call)]).toEqual(ids);
  });

  it('makes other ids for another prompt, and keeps an id the model sent', () => {
    const call = { id: null, name: 'get_weather', args: { city: 'Paris' } };
    const later = geminiCallIdSource([...prompt, { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }] }]);
    expect(later(call)).not.toBe(geminiCallIdSource(prompt)(call));
    expect(geminiCallIdSource(prompt)({ id: 'fc_7', name: 'x', args: {} })).toBe('fc_7');
  });
});
