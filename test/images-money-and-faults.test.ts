import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../src/providers/spec/image-generation-error.ts';
import { createProceduralImageModel } from '../src/providers/procedural/procedural-image-model.ts';
import { ProviderError } from '../src/providers/spec/provider-error.ts';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const PRICED = { size: '1024x1024', quality: 'medium' } as const;
const REPORTED_USAGE = { inputTokens: 11, inputTextTokens: 7, inputImageTokens: 4, outputTokens: 301 };

/** The procedural backend, counting calls, with failures and usage chosen by the prompt. */
function scriptedImageModel(): ImageModel & { calls: number } {
  const real = createProceduralImageModel();
  const model = {
    provider: real.provider,
    modelId: real.modelId,
    calls: 0,
    async doGenerate(options: Parameters<ImageModel['doGenerate']>[0]) {
      model.calls += 1;
      if (options.prompt === 'moderate me') throw new ImageGenerationError('Your request was rejected by the safety system.', 'moderation_blocked', 'image_generation_user_error');
      if (options.prompt === 'backend down') throw new ProviderError({ provider: 'openai', kind: 'http', status: 500, message: 'openai answered 500' });
      if (options.prompt === 'fail after a partial') {
        await options.onPartialImage?.({ index: 0, data: new Uint8Array([1, 2, 3]) });
        throw new ProviderError({ provider: 'openai', kind: 'network', message: 'connection reset' });
      }
      const result = await real.doGenerate(options);
      return options.prompt === 'with usage' ? { ...result, usage: REPORTED_USAGE } : result;
    },
  };
  return model;
}

interface Cost {
  total_usd: number;
  lines: Array<{ cost_usd: number }>;
}
const costOf = (body: unknown) => (body as { imagegate: { cost: Cost } }).imagegate.cost;

describe('Images API: budgets, limits and provider failures', () => {
  let test: TestServer;
  let imageModel: ReturnType<typeof scriptedImageModel>;
  let admin: OpenAI;
  const ledgerImages = (keyId: string | null) =>
    querySqlite<{ images: number }>(test.dataDir, `select coalesce(sum(images), 0) as images from usage_ledger where ${keyId === null ? 'key_id is null' : `key_id = '${keyId}'`}`).images;
  const activeReservations = () => querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

  beforeAll(async () => {
    imageModel = scriptedImageModel();
    test = await startTestServer(
      {
        auth: { adminKey: ADMIN_KEY },
        // dall-e-3 goes to the real OpenAI adapter, which refuses n > 1 before any network call.
        providers: { openai: { type: 'openai', apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 } },
        imageModels: { 'dall-e-3': { provider: 'openai' } },
      },
      undefined,
      { imageModel },
    );
    admin = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  it('the cost reported is the catalog price × n, in the body, the header and the ledger', async () => {
    const before = ledgerImages(null);
    const { data: body, response } = await admin.images.generate({ prompt: 'Three owls', n: 3, ...PRICED }).withResponse();
    expect(body.data).toHaveLength(3);
    const cost = costOf(body);
    expect(Math.round(cost.total_usd * 1e6)).toBe(3 * IMAGE_MICROS);
    expect(cost.lines.map((line) => Math.round(line.cost_usd * 1e6))).toEqual([IMAGE_MICROS, IMAGE_MICROS, IMAGE_MICROS]);
    expect(response.headers.get('x-imagegate-cost-usd')).toBe(((3 * IMAGE_MICROS) / 1e6).toFixed(6));
    expect(ledgerImages(null) - before).toBe(3);
  });

  it('a key whose budget pays for 2 images asking n=3: 429, nothing generated, nothing charged', async () => {
    const key = await createKey(test.server.url, 'two-images', { budgets: { total_usd: (2 * IMAGE_MICROS) / 1e6 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const calls = imageModel.calls;
    const error = await client.images.generate({ prompt: 'Foxes', n: 3, ...PRICED }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'budget_exceeded' });
    expect(imageModel.calls).toBe(calls);
    expect(ledgerImages(key.id)).toBe(0);
    expect(activeReservations()).toBe(0);

    const paid = await client.images.generate({ prompt: 'Foxes', n: 2, ...PRICED });
    expect(paid.data).toHaveLength(2);
    expect(Math.round(costOf(paid).total_usd * 1e6)).toBe(2 * IMAGE_MICROS);
    await expect(client.images.generate({ prompt: 'One more fox', ...PRICED })).rejects.toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect(ledgerImages(key.id)).toBe(2);
  });

  it('racing requests on one budget never overspend it; every refusal is whole', async () => {
    const key = await createKey(test.server.url, 'four-images', { budgets: { total_usd: (4 * IMAGE_MICROS) / 1e6 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => client.images.generate({ prompt: `Race ${index}`, n: 2, ...PRICED })));
    const made = results.flatMap((result) => (result.status === 'fulfilled' ? (result.value.data ?? []) : []));
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThanOrEqual(4);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect(ledgerImages(key.id)).toBe(made.length);
    expect(activeReservations()).toBe(0);
  });

  it('x-imagegate-max-cost-usd caps the request: 429 max_cost_exceeded when n images could cost more', async () => {
    const cap = ((2 * IMAGE_MICROS - 1) / 1e6).toFixed(6);
    const error = await admin.images.generate({ prompt: 'Owls', n: 2, ...PRICED }, { headers: { 'x-imagegate-max-cost-usd': cap } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, code: 'max_cost_exceeded' });
    const one = await admin.images.generate({ prompt: 'Owls', n: 1, ...PRICED }, { headers: { 'x-imagegate-max-cost-usd': cap } });
    expect(one.data).toHaveLength(1);
  });

  it("the key's maxImagesPerResponse caps n with a 400 naming n, never by clamping", async () => {
    const key = await createKey(test.server.url, 'two-per-request', { max_images_per_response: 2 });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    await expect(client.images.generate({ prompt: 'Cats', n: 3, size: '64x64' })).rejects.toMatchObject({ status: 400, param: 'n', code: 'integer_above_max_value' });
    expect((await client.images.generate({ prompt: 'Cats', n: 2, size: '64x64' })).data).toHaveLength(2);
  });

  it("the key's images_per_minute refuses a request whose n would pass it (429, whole)", async () => {
    const key = await createKey(test.server.url, 'three-per-minute', { rate_limits: { images_per_minute: 3 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    expect((await client.images.generate({ prompt: 'Cats', n: 2, size: '64x64' })).data).toHaveLength(2);
    await expect(client.images.generate({ prompt: 'Cats', n: 2, size: '64x64' })).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((await client.images.generate({ prompt: 'Cats', n: 1, size: '64x64' })).data).toHaveLength(1);
  });

  it("the key's allowedModels applies to the image model it names", async () => {
    const key = await createKey(test.server.url, 'gpt-image-only', { allowed_models: ['gpt-image-2'] });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    await expect(client.images.generate({ model: 'dall-e-3', prompt: 'A boat' })).rejects.toMatchObject({ status: 404, param: 'model', code: 'model_not_found' });
    expect((await client.images.generate({ model: 'gpt-image-2', prompt: 'A boat', size: '64x64' })).data).toHaveLength(1);
    expect((await client.images.generate({ prompt: 'A boat', size: '64x64' })).data).toHaveLength(1);
  });

  it('dall-e-3 (one image per request) asked for n=2: 400 naming n, nothing charged', async () => {
    const error = await admin.images.generate({ model: 'dall-e-3', prompt: 'A boat', n: 2, size: '1024x1024' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, param: 'n', type: 'invalid_request_error' });
    expect((error as Error).message).toContain('n must be 1');
    expect(activeReservations()).toBe(0);
  });

  it('a moderation refusal is a 400 image_generation_user_error / moderation_blocked; nothing charged', async () => {
    const before = ledgerImages(null);
    const error = await admin.images.generate({ prompt: 'moderate me', n: 2 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, type: 'image_generation_user_error', code: 'moderation_blocked' });
    expect(ledgerImages(null)).toBe(before);
    expect(activeReservations()).toBe(0);
  });

  it('a backend fault is a 502 server_error; nothing charged', async () => {
    const before = ledgerImages(null);
    const error = await admin.images.generate({ prompt: 'backend down' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, type: 'server_error', code: 'server_error' });
    expect(ledgerImages(null)).toBe(before);
  });

  it('a fault mid-stream is an error event the SDK throws, after the partial image; nothing charged', async () => {
    const before = ledgerImages(null);
    const stream = await admin.images.generate({ prompt: 'fail after a partial', stream: true, partial_images: 1 });
    const types: string[] = [];
    const error = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((caught: unknown) => caught);
    expect(types).toEqual(['image_generation.partial_image']);
    expect(error).toMatchObject({ code: 'server_error', type: 'server_error' });
    expect(ledgerImages(null)).toBe(before);
    expect(activeReservations()).toBe(0);
  });

  it('usage reported for the whole call: as is in the answer, split evenly over the completed events', async () => {
    const body = await admin.images.generate({ prompt: 'with usage', n: 2, size: '64x64' });
    expect(body.usage).toEqual({ input_tokens: 11, input_tokens_details: { text_tokens: 7, image_tokens: 4 }, output_tokens: 301, total_tokens: 312 });
    const stream = await admin.images.generate({ prompt: 'with usage', n: 2, size: '64x64', stream: true });
    const usages: Array<{ input_tokens: number; output_tokens: number; total_tokens: number }> = [];
    for await (const event of stream) if (event.type === 'image_generation.completed') usages.push(event.usage);
    expect(usages.map((usage) => usage.output_tokens)).toEqual([151, 150]);
    expect(usages.reduce((sum, usage) => sum + usage.input_tokens, 0)).toBe(11);
    expect(usages.reduce((sum, usage) => sum + usage.total_tokens, 0)).toBe(312);
  });
});
