import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComfyFake, startComfyFake } from './kits/providers/comfyui/comfyui-fake-server.ts';
import { ADMIN_KEY, FREE_SIMULATOR_TEXT, createKey, querySqlite } from './support/accounting.ts';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** One ComfyUI generation takes 12.5 s on the server's clock (the fake advances it while it "renders"). */
const RENDER_MILLIS = 12_500;

interface CostBlock {
  total_usd: number;
  lines: Array<{ kind: string; model: string; basis: string; cost_usd: number | null }>;
}

const costOf = (response: unknown) => (response as { imagegate: { cost: CostBlock } }).imagegate.cost;

describe('a key with a budget on self-hosted image backends priced in config', () => {
  let clock = Date.parse('2026-12-03T12:00:00Z');
  let comfy: ComfyFake;
  let test: TestServer;
  beforeAll(async () => {
    comfy = await startComfyFake({
      override: (request) => {
        if (request.method === 'POST' && request.url === '/prompt') clock += RENDER_MILLIS;
        return undefined;
      },
    });
    const connection = { type: 'comfyui' as const, baseURL: comfy.server.url, maxRetries: 0 };
    test = await startTestServer(
      {
        auth: { adminKey: ADMIN_KEY },
        // Text is free here, so each budget and cost counts the image alone.
        pricing: { overrides: FREE_SIMULATOR_TEXT, assumedMaxOutputTokens: 4096 },
        providers: {
          comfy: connection,
          'comfy-free': { ...connection, price: { free: true } },
          'comfy-timed': { ...connection, price: { usdPerSecond: 0.002, maxSeconds: 30 } },
        },
        imageModels: {
          'sdxl-priced': { provider: 'comfy', model: 'sd_xl_base_1.0.safetensors', price: { usdPerImage: 0.0125 } },
          'sdxl-unpriced': { provider: 'comfy', model: 'sd_xl_turbo_1.0.safetensors' },
          // No model: the workflow's own checkpoint, priced by its provider.
          'house-default': { provider: 'comfy-free' },
          'flux-timed': { provider: 'comfy-timed', model: 'flux1-dev.safetensors' },
        },
      },
      undefined,
      { now: () => clock },
    );
  });
  afterAll(async () => {
    await test.dispose();
    await comfy.server.close();
  });

  const clientFor = async (name: string, budgetUsd: number) => {
    const key = await createKey(test.server.url, name, { budgets: { total_usd: budgetUsd } });
    return { key, client: new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 }) };
  };
  const draw = (client: OpenAI, imageModel: string) =>
    client.responses.create({
      model: 'simulator',
      input: 'Draw a cabin in the snow.',
      tools: [{ type: 'image_generation', model: imageModel, size: '512x512', quality: 'medium', output_format: 'png' }],
    } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
  const ledgerOf = (responseId: string) =>
    querySqlite<{ model: string; kind: string; images: number; cost_micros: number; basis: string }>(
      test.dataDir,
      `select model, kind, images, cost_micros, basis from usage_ledger where response_id = '${responseId}' and kind = 'image'`,
    );
  const activeReservations = () => querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

  it('per image: the image is made and charged the configured price (cost line, ledger row, usage)', async () => {
    const { key, client } = await clientFor('comfy-per-image', 0.05);
    const response = await draw(client, 'sdxl-priced');
    expect(imagesOf(response)).toHaveLength(1);
    expect(imagegateOf(response).ignored_tool_calls).toEqual([]);
    const cost = costOf(response);
    expect(cost.total_usd).toBe(0.0125);
    expect(cost.lines.filter((line) => line.kind === 'image')).toEqual([expect.objectContaining({ model: 'sd_xl_base_1.0.safetensors', basis: 'per_image', cost_usd: 0.0125 })]);
    expect(ledgerOf(response.id)).toMatchObject({ model: 'sd_xl_base_1.0.safetensors', images: 1, cost_micros: 12_500, basis: 'per_image' });
    const usage = (await (await fetch(`${test.server.url}/v1/usage?group_by=model`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { totals: { cost_usd: number; images: number } };
    expect(usage.totals).toMatchObject({ cost_usd: 0.0125, images: 1 });
    expect(activeReservations()).toBe(0);
  });

  it('the same backend without a price cannot be charged, so a key with a budget gets no image (unknown_price)', async () => {
    const { client } = await clientFor('comfy-unpriced', 0.05);
    const response = await draw(client, 'sdxl-unpriced');
    expect(imagesOf(response)).toHaveLength(0);
    expect(imagegateOf(response).ignored_tool_calls.map((call) => call.reason)).toEqual(['unknown_price']);
  });

  it("free: charged $0 and works with a budget; a route without model runs the workflow's own checkpoint", async () => {
    const { client } = await clientFor('comfy-free', 0.01);
    const prompts = comfy.prompts.length;
    const response = await draw(client, 'house-default');
    expect(imagesOf(response)).toHaveLength(1);
    expect(costOf(response).total_usd).toBe(0);
    expect(ledgerOf(response.id)).toMatchObject({ images: 1, cost_micros: 0 });
    const workflow = JSON.stringify(comfy.prompts.slice(prompts));
    expect(workflow).toContain('"ckpt_name":"v1-5-pruned-emaonly.safetensors"');
    expect(workflow).not.toContain('house-default');
  });

  it('per second: charged the measured generation time × the rate (12.5 s × $0.002 = $0.025)', async () => {
    // The reservation holds maxSeconds (30 s × $0.002 = $0.06): a $0.05 budget cannot start it, a $0.10 one can.
    const { client: poor } = await clientFor('comfy-timed-poor', 0.05);
    expect(imagegateOf(await draw(poor, 'flux-timed')).ignored_tool_calls.map((call) => call.reason)).toEqual(['budget']);
    const { key, client } = await clientFor('comfy-timed', 0.1);
    const response = await draw(client, 'flux-timed');
    expect(imagesOf(response)).toHaveLength(1);
    expect(costOf(response).total_usd).toBe(0.025);
    expect(ledgerOf(response.id)).toMatchObject({ model: 'flux1-dev.safetensors', images: 1, cost_micros: 25_000 });
    const second = await draw(client, 'flux-timed');
    expect(imagesOf(second)).toHaveLength(1);
    const usage = (await (await fetch(`${test.server.url}/v1/usage?group_by=model`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { totals: { cost_usd: number } };
    expect(usage.totals.cost_usd).toBe(0.05);
    expect(activeReservations()).toBe(0);
  });

  it('the Images API charges the configured price per image too', async () => {
    const { client } = await clientFor('comfy-images-api', 0.05);
    const response = await client.images.generate({ model: 'sdxl-priced', prompt: 'a cabin', n: 2, size: '512x512' });
    expect(response.data).toHaveLength(2);
    expect((response as unknown as { imagegate: { cost: CostBlock } }).imagegate.cost.total_usd).toBe(0.025);
  });
});

/** An Ollama-style Chat Completions stream answering in text, with usage. */
function ollamaTextReply(request: RecordedRequest): FakeReply {
  const body = request.json() as { model: string };
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_790_000_000, model: body.model };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello from llama.' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] },
    { ...base, choices: [], usage: { prompt_tokens: 2_000, completion_tokens: 1_000, total_tokens: 3_000 } },
  ];
  return { chunks: splitIntoChunks(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n', 11) };
}

describe('a key with a budget on an Ollama route priced in config', () => {
  let ollama: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    ollama = await startFakeHttpServer(ollamaTextReply);
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      providers: { ollama: { type: 'openai-compatible', preset: 'ollama', baseURL: `${ollama.url}/v1`, maxRetries: 0, price: { free: true } } },
      models: {
        llama: { provider: 'ollama', model: 'llama3.1:8b' },
        coder: { provider: 'ollama', model: 'qwen2.5-coder:32b', price: { inputUsdPerMillionTokens: 0.5, outputUsdPerMillionTokens: 2 } },
      },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await ollama.close();
  });

  it('free: answers and charges $0; per token: 2,000 × $0.50/1M + 1,000 × $2/1M = $0.003', async () => {
    const key = await createKey(test.server.url, 'ollama', { budgets: { total_usd: 0.05 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const free = await client.responses.create({ model: 'llama', input: 'Hi' });
    expect(free.output_text).toBe('Hello from llama.');
    expect(costOf(free).total_usd).toBe(0);
    const priced = await client.responses.create({ model: 'coder', input: 'Hi' });
    expect(priced.status).toBe('completed');
    expect(costOf(priced).total_usd).toBe(0.003);
  });
});
