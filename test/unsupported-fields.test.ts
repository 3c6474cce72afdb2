import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResponsesFixture } from './kits/providers/openai/openai-responses-fake-server.ts';
import { type IdGenerator, sequentialIdGenerator } from '../src/ids/id-generator.ts';
import { type FakeHttpServer, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const PNG_1x1 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ADMIN_KEY = 'admin-secret-for-tests';
const base = { model: 'simulator', input: 'Draw a cat.' };
const userWith = (part: Record<string, unknown>) => [{ role: 'user', content: [{ type: 'input_text', text: 'Look at this.' }, part] }];

/** Fields OpenAI accepts that imagegate would not honour: each is refused, naming the field. */
const cases: Array<{ name: string; body: Record<string, unknown>; param: string }> = [
  { name: 'input_image.file_id', body: { ...base, input: userWith({ type: 'input_image', file_id: 'file-abc', detail: 'auto' }) }, param: 'input[0].content[1].file_id' },
  { name: 'input_image with both image_url and file_id', body: { ...base, input: userWith({ type: 'input_image', image_url: PNG_1x1, file_id: 'file-abc' }) }, param: 'input[0].content[1].file_id' },
  { name: 'input_file part', body: { ...base, input: userWith({ type: 'input_file', file_id: 'file-pdf', filename: 'brief.pdf' }) }, param: 'input[0].content[1]' },
  {
    name: 'an image inside a function_call_output',
    body: {
      ...base,
      input: [
        { type: 'function_call', call_id: 'call_1', name: 'snap', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_image', image_url: PNG_1x1 }] },
      ],
      tools: [{ type: 'function', name: 'snap', parameters: { type: 'object', properties: {} } }],
    },
    param: 'input[1].output[0]',
  },
  { name: 'background: true', body: { ...base, background: true }, param: 'background' },
  { name: 'prompt template', body: { ...base, prompt: { id: 'pmpt_123', version: '2' } }, param: 'prompt' },
  { name: 'mask file_id', body: { ...base, tools: [{ type: 'image_generation', input_image_mask: { file_id: 'file-mask' } }] }, param: 'tools[0].input_image_mask.file_id' },
  { name: 'text.format json_schema', body: { ...base, text: { format: { type: 'json_schema', name: 'cat', schema: { type: 'object' }, strict: true } } }, param: 'text.format' },
  { name: 'text.format json_object', body: { ...base, text: { format: { type: 'json_object' } } }, param: 'text.format' },
  { name: 'text.verbosity low', body: { ...base, text: { verbosity: 'low' } }, param: 'text.verbosity' },
  { name: 'reasoning.effort', body: { ...base, reasoning: { effort: 'high' } }, param: 'reasoning.effort' },
  { name: 'reasoning.summary', body: { ...base, reasoning: { summary: 'auto' } }, param: 'reasoning.summary' },
  { name: 'top_logprobs above 0', body: { ...base, top_logprobs: 5 }, param: 'top_logprobs' },
  { name: 'include logprobs', body: { ...base, include: ['reasoning.encrypted_content', 'message.output_text.logprobs'] }, param: 'include[1]' },
  { name: 'presence_penalty', body: { ...base, presence_penalty: 0.5 }, param: 'presence_penalty' },
  { name: 'frequency_penalty', body: { ...base, frequency_penalty: -1 }, param: 'frequency_penalty' },
  { name: 'service_tier flex', body: { ...base, service_tier: 'flex' }, param: 'service_tier' },
  { name: 'service_tier priority', body: { ...base, service_tier: 'priority' }, param: 'service_tier' },
  { name: 'moderation', body: { ...base, moderation: { model: 'omni-moderation-latest', policy: { input: { mode: 'block' } } } }, param: 'moderation' },
  { name: 'context_management', body: { ...base, context_management: [{ type: 'compaction', compact_threshold: 2000 }] }, param: 'context_management' },
];

describe('fields imagegate cannot honour yet are refused, naming the field, and nothing is stored', () => {
  let test: TestServer;
  let admin: OpenAI;
  const handedOut: string[] = [];
  beforeAll(async () => {
    const sequential = sequentialIdGenerator();
    const recording: IdGenerator = (prefix) => {
      const id = sequential(prefix);
      if (prefix === 'resp') handedOut.push(id);
      return id;
    };
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { generateId: recording });
    admin = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  const storedCount = () => {
    const database = new Database(join(test.dataDir, 'imagegate.sqlite'), { readonly: true });
    try {
      return (database.prepare('select count(*) as n from responses').get() as { n: number }).n;
    } finally {
      database.close();
    }
  };
  const expectNothingStored = async () => {
    expect(storedCount()).toBe(0);
    for (const id of handedOut) {
      const lookup = await fetch(`${test.server.url}/v1/responses/${id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(lookup.status).toBe(404);
    }
    const listed = await fetch(`${test.server.url}/v1/admin/responses`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(((await listed.json()) as { data: unknown[] }).data).toEqual([]);
  };

  for (const testCase of cases) {
    it(`${testCase.name} → 400 naming ${testCase.param} (raw fetch)`, async () => {
      const response = await fetch(`${test.server.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify(testCase.body),
      });
      const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param: testCase.param, code: 'unsupported_parameter' });
      expect(body.error.message).toContain(`'${testCase.param}'`);
      expect(body.error.message).toMatch(/imagegate/);
      await expectNothingStored();
    });
  }

  it('the official client sees the same 400 (input_image.file_id) and the stream variant too (background)', async () => {
    const error = await admin.responses
      .create({ model: 'simulator', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', file_id: 'file-abc', detail: 'auto' }] }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'input[0].content[1].file_id', code: 'unsupported_parameter', type: 'invalid_request_error' });
    expect((error as Error).message).toMatch(/data URL or an http\(s\) URL/);

    const streamed = await admin.responses.create({ model: 'simulator', input: 'Draw.', background: true, stream: true }).catch((caught: unknown) => caught);
    expect(streamed).toMatchObject({ status: 400, param: 'background' });
    // Conversations are supported now: an unknown one is a 404 naming the field, before anything runs.
    const conversation = await admin.responses.create({ model: 'simulator', input: 'Hi.', conversation: 'conv_1' }).catch((caught: unknown) => caught);
    expect(conversation).toMatchObject({ status: 404, param: 'conversation', code: 'conversation_not_found' });
    const prompt = await admin.responses.create({ model: 'simulator', prompt: { id: 'pmpt_1' } }).catch((caught: unknown) => caught);
    expect(prompt).toMatchObject({ status: 400, param: 'prompt' });
    await expectNothingStored();
  });

  it('values that change nothing are still accepted and echoed', async () => {
    const response = await admin.responses.create({
      model: 'simulator',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello.' }, { type: 'input_image', image_url: PNG_1x1, detail: 'low' }] }],
      background: false,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      reasoning: { effort: null },
      top_logprobs: 0,
      service_tier: 'default',
      truncation: 'auto',
      include: ['reasoning.encrypted_content', 'message.input_image.image_url'],
      user: 'u-1',
      safety_identifier: 'sid-1',
      prompt_cache_key: 'cache-1',
    });
    expect(response.status).toBe('completed');
    expect(response).toMatchObject({ background: false, truncation: 'auto', service_tier: 'default', top_logprobs: 0, safety_identifier: 'sid-1' });
    expect(storedCount()).toBe(1);
  });
});

describe('on a passthrough route OpenAI honours the fields itself, except background', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    upstream = await startFakeHttpServer(() => ({ chunks: splitIntoChunks(readResponsesFixture('image-calls.stream.sse'), 64) }));
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('relays conversation and file_id upstream, and refuses background before calling it', async () => {
    const relayed = await test.client.responses.create({
      model: 'hosted',
      conversation: 'conv_up_1',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Describe.' }, { type: 'input_image', file_id: 'file-up', detail: 'high' }] }],
    });
    expect(relayed.status).toBe('completed');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.json()).toMatchObject({ conversation: 'conv_up_1', input: [{ content: [{}, { file_id: 'file-up' }] }] });

    const refused = await test.client.responses.create({ model: 'hosted', input: 'Draw.', background: true }).catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ status: 400, param: 'background', code: 'unsupported_parameter' });
    expect(upstream.requests).toHaveLength(1);
  });
});
