import { describe, expect, it } from 'vitest';
import { readResponsesFixtureEvents } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { readOpenAIResponseOutcome } from './openai-responses-outcome.ts';
import { openAIResponseLifecycleEventSchema } from './openai-responses-wire.ts';

const schema = openAIResponseLifecycleEventSchema.shape.response;

const usage = { input_tokens: 12, input_tokens_details: { cached_tokens: 4 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 19 };
const valid = { id: 'resp_1', status: 'completed', error: null, incomplete_details: null, output: [{ type: 'message', id: 'msg_1', content: [] }], usage, extra: { anything: true } };

/** Each recorded terminal response, then one change at a time: a valid field, or a malformed one. */
const recorded = ['text.stream.sse', 'function-call.stream.sse', 'failed.stream.sse'].flatMap((fixture) =>
  readResponsesFixtureEvents(fixture)
    .filter(({ payload }) => payload['type'] === 'response.completed' || payload['type'] === 'response.failed')
    .map(({ payload }) => payload['response']),
);
const variants: unknown[] = [
  ...recorded,
  valid,
  { output: [] },
  { ...valid, status: undefined, error: undefined, incomplete_details: undefined, usage: undefined },
  { ...valid, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
  { ...valid, status: 'failed', error: { code: 'server_error', message: 'boom' } },
  { ...valid, error: { code: null } },
  { ...valid, usage: { input_tokens: 0, output_tokens: 0 } },
  { ...valid, usage: { ...usage, input_tokens_details: null, output_tokens_details: { reasoning_tokens: null }, total_tokens: null } },
  { ...valid, usage: { ...usage, total_tokens: 1.5 } },
  // Malformed, each in one field.
  null,
  [],
  'completed',
  { ...valid, output: undefined },
  { ...valid, output: {} },
  { ...valid, output: [{ id: 'x' }] },
  { ...valid, output: [null] },
  { ...valid, output: [[]] },
  { ...valid, output: [{ type: 3 }] },
  { ...valid, status: 200 },
  { ...valid, error: 'boom' },
  { ...valid, error: { code: 500 } },
  { ...valid, error: { message: false } },
  { ...valid, incomplete_details: { reason: 1 } },
  { ...valid, incomplete_details: [] },
  { ...valid, usage: 'lots' },
  { ...valid, usage: { output_tokens: 1 } },
  { ...valid, usage: { ...usage, input_tokens: -1 } },
  { ...valid, usage: { ...usage, output_tokens: 2.5 } },
  { ...valid, usage: { ...usage, output_tokens: '7' } },
  { ...valid, usage: { ...usage, input_tokens_details: { cached_tokens: -2 } } },
  { ...valid, usage: { ...usage, input_tokens_details: 4 } },
  { ...valid, usage: { ...usage, output_tokens_details: { reasoning_tokens: 0.5 } } },
  { ...valid, usage: { ...usage, total_tokens: '19' } },
];

describe('readOpenAIResponseOutcome', () => {
  it('accepts and refuses exactly what the zod schema does', () => {
    expect(recorded).toHaveLength(3);
    for (const variant of variants) {
      const read = readOpenAIResponseOutcome(variant);
      expect('outcome' in read, JSON.stringify(variant)).toBe(schema.safeParse(variant).success);
    }
  });

  it('returns the response itself, with the fields the stream reads', () => {
    const read = readOpenAIResponseOutcome(valid);
    expect(read).toEqual({ outcome: valid });
    expect('outcome' in read && read.outcome).toBe(valid);
  });
});
