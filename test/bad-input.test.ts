import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.ts';

const TOOL = { type: 'image_generation', size: '64x64' };
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const base = { model: 'simulator', input: 'draw a cat' };

interface BadCase {
  name: string;
  body: unknown;
  status: number;
  param: string | null;
  code?: string | null;
  headers?: Record<string, string>;
  rawBody?: string;
}

const cases: BadCase[] = [
  { name: 'invalid JSON', body: undefined, rawBody: '{"model": ', status: 400, param: null },
  { name: 'missing model', body: { input: 'hi' }, status: 400, param: 'model', code: 'missing_required_parameter' },
  { name: 'model is a number', body: { ...base, model: 7 }, status: 400, param: 'model', code: 'invalid_type' },
  { name: 'temperature too high', body: { ...base, temperature: 3 }, status: 400, param: 'temperature', code: 'decimal_above_max_value' },
  { name: 'temperature a string', body: { ...base, temperature: 'hot' }, status: 400, param: 'temperature', code: 'invalid_type' },
  { name: 'top_p negative', body: { ...base, top_p: -1 }, status: 400, param: 'top_p' },
  { name: 'max_output_tokens below 16', body: { ...base, max_output_tokens: 5 }, status: 400, param: 'max_output_tokens' },
  { name: 'max_tool_calls zero', body: { ...base, max_tool_calls: 0 }, status: 400, param: 'max_tool_calls' },
  { name: 'unknown top-level field', body: { ...base, foo: 1 }, status: 400, param: 'foo', code: 'unknown_parameter' },
  { name: 'tools[0].n (OpenAI rejects it too)', body: { ...base, tools: [{ ...TOOL, n: 2 }] }, status: 400, param: 'tools[0].n', code: 'unknown_parameter' },
  { name: 'tools[0].foo', body: { ...base, tools: [{ ...TOOL, foo: true }] }, status: 400, param: 'tools[0].foo', code: 'unknown_parameter' },
  { name: 'bad size', body: { ...base, tools: [{ ...TOOL, size: '999' }] }, status: 400, param: 'tools[0].size' },
  { name: 'bad quality', body: { ...base, tools: [{ ...TOOL, quality: 'ultra' }] }, status: 400, param: 'tools[0].quality', code: 'invalid_value' },
  { name: 'partial_images 4', body: { ...base, tools: [{ ...TOOL, partial_images: 4 }] }, status: 400, param: 'tools[0].partial_images' },
  { name: 'output_compression 101', body: { ...base, tools: [{ ...TOOL, output_compression: 101 }] }, status: 400, param: 'tools[0].output_compression' },
  { name: 'transparent jpeg', body: { ...base, tools: [{ ...TOOL, background: 'transparent', output_format: 'jpeg' }] }, status: 400, param: 'tools[0].background' },
  { name: 'bad output_format', body: { ...base, tools: [{ ...TOOL, output_format: 'gif' }] }, status: 400, param: 'tools[0].output_format' },
  { name: 'bad action', body: { ...base, tools: [{ ...TOOL, action: 'paint' }] }, status: 400, param: 'tools[0].action' },
  { name: 'function tool without name', body: { ...base, tools: [{ type: 'function' }] }, status: 400, param: 'tools[0].name' },
  { name: 'unknown tool type', body: { ...base, tools: [{ type: 'teleport' }] }, status: 400, param: 'tools[0].type' },
  { name: 'tool_choice forces an absent function', body: { ...base, tool_choice: { type: 'function', name: 'nope' } }, status: 400, param: 'tool_choice' },
  { name: 'tool_choice forces image without the tool', body: { ...base, tool_choice: { type: 'image_generation' } }, status: 400, param: 'tool_choice' },
  { name: 'bogus content part type', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_video', text: 'x' }] }] }, status: 400, param: 'input[0].content[0].type' },
  { name: 'bad role', body: { ...base, input: [{ role: 'robot', content: 'hi' }] }, status: 400, param: 'input[0].role' },
  { name: 'image_url not a URL', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x/y.png' }] }] }, status: 400, param: 'input[0].content[0].image_url', code: 'invalid_image_url' },
  { name: 'bad base64 image', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,@@@@' }] }] }, status: 400, param: 'input[0].content[0].image_url', code: 'invalid_base64_image' },
  { name: 'valid base64 that is not an image', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${Buffer.from('hello world, not a png').toString('base64')}` }] }] }, status: 400, param: 'input[0].content[0].image_url', code: 'invalid_image' },
  { name: 'image URL on a private address', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'http://127.0.0.1:9/cat.png' }] }] }, status: 400, param: 'input[0].content[0].image_url' },
  { name: 'metadata with a long value', body: { ...base, metadata: { key: 'x'.repeat(600) } }, status: 400, param: 'metadata.key' },
  { name: 'imagegate.max_images negative', body: { ...base, imagegate: { max_images: -1 } }, status: 400, param: 'imagegate.max_images' },
  { name: 'imagegate unknown field', body: { ...base, imagegate: { foo: 1 } }, status: 400, param: 'imagegate.foo', code: 'unknown_parameter' },
  { name: 'exact_images without the image tool', body: { ...base, imagegate: { exact_images: 1 } }, status: 400, param: 'imagegate.exact_images' },
  { name: 'bad x-imagegate-max-images header', body: base, headers: { 'x-imagegate-max-images': 'lots' }, status: 400, param: 'x-imagegate-max-images' },
  { name: 'parallel_tool_calls a string', body: { ...base, parallel_tool_calls: 'yes' }, status: 400, param: 'parallel_tool_calls', code: 'invalid_type' },
  { name: 'store a number', body: { ...base, store: 1 }, status: 400, param: 'store' },
  { name: 'input neither string nor array', body: { ...base, input: 42 }, status: 400, param: 'input' },
  { name: 'unknown previous_response_id', body: { ...base, previous_response_id: 'resp_missing' }, status: 404, param: 'previous_response_id', code: 'previous_response_not_found' },
  { name: 'unknown item_reference', body: { ...base, input: [{ type: 'item_reference', id: 'ig_missing' }] }, status: 404, param: 'input[0].id' },
  { name: 'mask that is not a data URL', body: { ...base, tools: [{ ...TOOL, input_image_mask: { image_url: 'https://example.com/mask.png' } }] }, status: 400, param: 'tools[0].input_image_mask.image_url' },
  { name: 'body too large', body: { ...base, input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${'A'.repeat(2_200_000)}` }] }] }, status: 413, param: null },
];

describe('bad input gets a clear 4xx naming the param, and stores nothing', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ maxBodyBytes: 2_000_000, unknownModels: 'reject' });
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
  const blobCount = () => (existsSync(join(test.dataDir, 'blobs')) ? readdirSync(join(test.dataDir, 'blobs'), { recursive: true }).length : 0);

  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const response = await fetch(`${test.server.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...testCase.headers },
        body: testCase.rawBody ?? JSON.stringify(testCase.body),
      });
      const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
      expect({ status: response.status, param: body.error.param }).toEqual({ status: testCase.status, param: testCase.param });
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(body.error.message.length).toBeGreaterThan(5);
      if (testCase.code !== undefined) expect(body.error.code).toBe(testCase.code);
      expect(storedCount()).toBe(0);
      expect(blobCount()).toBe(0);
    });
  }

  it('an unknown model is 404 model_not_found when unknown models are rejected', async () => {
    const error = await test.client.responses.create({ model: 'no-such-model', input: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(storedCount()).toBe(0);
  });

  it('a good request next to them is stored', async () => {
    const response = await test.client.responses.create({ model: 'simulator', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG_1x1}`, detail: 'auto' }] }] });
    expect(response.status).toBe('completed');
    expect(storedCount()).toBe(1);
  });
});
