import { describe, expect, it } from 'vitest';
import { readOpenAIErrorEnvelope } from './openai-error-envelope.ts';

describe('readOpenAIErrorEnvelope', () => {
  it('reads the envelope leniently', () => {
    expect(readOpenAIErrorEnvelope('{"error":{"message":"x","code":429}}')).toEqual({ message: 'x', type: undefined, param: undefined, code: '429' });
    expect(readOpenAIErrorEnvelope('not json')).toBeUndefined();
    expect(readOpenAIErrorEnvelope(undefined)).toBeUndefined();
  });
});
