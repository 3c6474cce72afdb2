import { describe, expect, it } from 'vitest';
import { parseCreateResponseRequest } from './parse-create-response-request.ts';
import { findUnsupportedField } from './unsupported-fields.ts';

const own = { passthrough: false };
const relayed = { passthrough: true };
const paramOf = (body: Record<string, unknown>, route = own) => findUnsupportedField(parseCreateResponseRequest({ model: 'm', ...body }), route)?.param;

describe('findUnsupportedField', () => {
  it('accepts a plain request and the values that change nothing', () => {
    expect(paramOf({ input: 'hi' })).toBeUndefined();
    expect(paramOf({ conversation: { id: 'conv_1' } })).toBeUndefined();
    expect(paramOf({ conversation: 'conv_1' })).toBeUndefined();
    expect(paramOf({ background: false, top_logprobs: 0, presence_penalty: 0, service_tier: 'auto', text: { format: { type: 'text' }, verbosity: 'medium' } })).toBeUndefined();
    expect(paramOf({ truncation: 'auto', include: ['message.input_image.image_url'], user: 'u', prompt_cache_key: 'k' })).toBeUndefined();
  });

  it('names the first field it cannot honour, in OpenAI notation', () => {
    const withFile = { input: [{ role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_image', file_id: 'file-1' }] }] };
    expect(paramOf(withFile)).toBe('input[0].content[1].file_id');
    expect(paramOf({ prompt: { id: 'pmpt_1' } })).toBe('prompt');
    expect(paramOf({ reasoning: { summary: null, effort: 'low' } })).toBe('reasoning.effort');
    expect(paramOf({ include: ['message.output_text.logprobs'] })).toBe('include[0]');
  });

  it('lets a passthrough route relay what OpenAI honours, but never background', () => {
    expect(paramOf({ conversation: 'conv_1', reasoning: { effort: 'high' }, text: { format: { type: 'json_object' } } }, relayed)).toBeUndefined();
    expect(paramOf({ background: true }, relayed)).toBe('background');
  });
});
