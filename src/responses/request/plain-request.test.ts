import { describe, expect, it } from 'vitest';
import { createResponseRequestSchema } from './create-response-request.ts';
import { parseCreateResponseRequest } from './parse-create-response-request.ts';
import { parsePlainRequest } from './plain-request.ts';

const base = { model: 'gpt-4.1', input: 'What is 57 times 10?' };

// Values around each edge the schema draws, for every field the plain check knows and a few it does not.
const candidates: Record<string, unknown[]> = {
  model: ['gpt-4.1', '', 'm'.repeat(256), 'm'.repeat(257), 4, null],
  input: ['', 'hi', 'x'.repeat(10_485_760), 'x'.repeat(10_485_761), [{ role: 'user', content: 'hi' }], null, 5],
  instructions: ['be brief', '', null, 3],
  parallel_tool_calls: [true, false, null, 'true', 0],
  max_output_tokens: [16, 15, 16.5, 1e6, 2 ** 53, null, '16', -1],
  temperature: [0, 2, 2.0000001, -0.1, 1.5, null, '1'],
  top_p: [0, 1, 1.01, 0.5, null],
  previous_response_id: ['resp_1', '', null, 1],
  store: [true, false, null, 'false'],
  background: [true, false, null],
  stream: [true, false, null, 1],
  user: ['u1', '', null, 3],
  prompt_cache_key: ['k', null, 2],
  metadata: [{ a: 'b' }, null],
  truncation: ['auto', null],
  foo: [1],
  __proto__: [1],
};

function bodies(): unknown[] {
  const all: unknown[] = [base, { model: 'gpt-4.1' }, {}, null, 'hello', [], Object.assign(Object.create(null) as object, base)];
  for (const [name, values] of Object.entries(candidates)) {
    for (const value of values) {
      const body: Record<string, unknown> = { ...base };
      Object.defineProperty(body, name, { value, enumerable: true, configurable: true, writable: true });
      all.push(body);
      all.push({ store: false, stream: true, ...body });
    }
  }
  return all;
}

describe('parsePlainRequest', () => {
  it('gives what the schema gives, or leaves the body to the schema', () => {
    for (const body of bodies()) {
      const plain = parsePlainRequest(body);
      const schema = createResponseRequestSchema.safeParse(body);
      if (plain === undefined) continue;
      expect(schema.success, JSON.stringify(body)).toBe(true);
      expect(plain).toStrictEqual(schema.data);
      // The same field order: a relayed request is sent as it was parsed.
      expect(Object.keys(plain)).toEqual(Object.keys(schema.data as object));
      expect(plain).not.toBe(body);
    }
  });

  it('takes the plain requests clients send most', () => {
    for (const body of [base, { ...base, store: false }, { ...base, stream: true, store: true }, { ...base, instructions: 'x', temperature: 0.2, max_output_tokens: 64 }]) {
      expect(parsePlainRequest(body)).toStrictEqual(body);
    }
  });

  it('still applies the cross-field rules', () => {
    expect(() => parseCreateResponseRequest({ ...base, background: true, store: false })).toThrow(/background responses must be stored/);
  });

  it('leaves a symbol or hidden key to the schema', () => {
    const hidden = { ...base };
    Object.defineProperty(hidden, 'extra', { value: 1, enumerable: false });
    expect(parsePlainRequest(hidden)).toBeUndefined();
    expect(parsePlainRequest({ ...base, [Symbol('s')]: 1 })).toBeUndefined();
  });
});
