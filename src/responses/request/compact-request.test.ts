import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/api-error.ts';
import { parseCompactRequest } from './compact-request.ts';
import { parseCreateResponseRequest } from './parse-create-response-request.ts';

function errorOf(run: () => unknown): { param: string | null; code: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { param: error.param, code: error.code };
    throw error;
  }
  throw new Error('expected an ApiError');
}

const compaction = { type: 'compaction', encrypted_content: 'AQ...' };

describe('parseCompactRequest', () => {
  it('takes input items, previous_response_id, instructions and the prompt cache fields', () => {
    const body = {
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'hi' }, { ...compaction, id: 'cmp_1', created_by: 'user_1' }],
      previous_response_id: 'resp_1',
      instructions: null,
      prompt_cache_key: 'k',
      prompt_cache_retention: '24h',
      prompt_cache_options: { mode: 'implicit' },
      service_tier: 'auto',
    };
    expect(parseCompactRequest(body)).toEqual(body);
    expect(parseCompactRequest({ model: 'm', previous_response_id: 'resp_1' })).toEqual({ model: 'm', previous_response_id: 'resp_1' });
  });

  it.each([
    ['no model', { input: 'x' }, 'model', 'missing_required_parameter'],
    ['model null', { model: null, input: 'x' }, 'model', 'invalid_type'],
    ['a field of /v1/responses only', { model: 'm', input: 'x', stream: true }, 'stream', 'unknown_parameter'],
    ['nothing to compact', { model: 'm', input: [] }, 'input', 'missing_required_parameter'],
    ['an empty string', { model: 'm', input: '' }, 'input', 'missing_required_parameter'],
    ['prompt_cache_key over 64', { model: 'm', input: 'x', prompt_cache_key: 'k'.repeat(65) }, 'prompt_cache_key', 'string_above_max_length'],
    ['a compaction item without content', { model: 'm', input: [{ type: 'compaction' }] }, 'input[0].encrypted_content', 'missing_required_parameter'],
    ['a compaction trigger', { model: 'm', input: [{ type: 'compaction_trigger' }] }, 'input[0].type', 'invalid_value'],
  ])('%s → 400 naming the parameter', (_name, body, param, code) => {
    expect(errorOf(() => parseCompactRequest(body))).toEqual({ param, code });
  });
});

describe('compaction items on POST /v1/responses', () => {
  it('are accepted as the compact endpoint returns them and as OpenAI\'s param shape', () => {
    const input = [compaction, { ...compaction, id: null }, { ...compaction, id: 'cmp_2', created_by: 'x' }];
    expect(parseCreateResponseRequest({ model: 'm', input }).input).toEqual(input);
  });

  it('an unknown field or an empty content is refused', () => {
    expect(errorOf(() => parseCreateResponseRequest({ model: 'm', input: [{ ...compaction, summary: 'x' }] }))).toEqual({ param: 'input[0].summary', code: 'unknown_parameter' });
    expect(errorOf(() => parseCreateResponseRequest({ model: 'm', input: [{ ...compaction, encrypted_content: '' }] }))).toEqual({ param: 'input[0].encrypted_content', code: 'empty_string' });
  });
});
