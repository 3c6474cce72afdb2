import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResponsesFixture } from './kits/providers/openai/openai-responses-fake-server.ts';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { type FakeHttpServer, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

const GPT_41 = CATALOG.textModels['gpt-4.1']!;
const GPT_IMAGE_2 = CATALOG.imageModels['gpt-image-2']!;
/** The fixture's hosted tool asks for medium quality at 1024x1024 (gpt-image-2 by default). */
const IMAGE_USD = GPT_IMAGE_2.perImage.usd['medium']!['1024x1024']!;
const TOOL = { type: 'image_generation', quality: 'medium', size: '1024x1024' };

/** The recorded-format stream of three hosted image calls, with `tool_usage` as OpenAI reports it. */
let upstreamResponses = 0;
function imageCallsStream(withToolUsage: boolean): string {
  upstreamResponses += 1;
  // Each upstream response gets its own id, as OpenAI's do.
  const sse = readResponsesFixture('image-calls.stream.sse').replaceAll(/resp_[0-9a-f]+/g, `resp_upstream${upstreamResponses}`);
  if (!withToolUsage) return sse;
  return sse.replace(
    '"usage":{"input_tokens":2412',
    '"tool_usage":{"image_gen":{"input_tokens":60,"input_tokens_details":{"text_tokens":60,"image_tokens":0},"output_tokens":3000,"total_tokens":3060}},"usage":{"input_tokens":2412',
  );
}

type Cost = { total_usd: number; lines: Array<{ kind: string; cost_usd: number; item_id?: string; input_tokens?: number; output_tokens?: number }> };
const costOf = (response: unknown): Cost => (response as { imagegate: { cost: Cost } }).imagegate.cost;

describe('passthrough under the same money rules', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  let withToolUsage = false;
  beforeAll(async () => {
    // Upstream ignores max_tool_calls and streams three hosted image calls (the worst case).
    upstream = await startFakeHttpServer(() => ({ chunks: splitIntoChunks(imageCallsStream(withToolUsage), 61) }));
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const admin = () => new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });

  it('a cap below one image: no image relayed, the call reported as max_cost, cost and ledger row present, the bound sent upstream', async () => {
    const cap = IMAGE_USD / 2;
    const stream = await admin().responses.create(
      { model: 'hosted', input: 'Draw three lighthouses.', tools: [TOOL], stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming,
      { headers: { 'x-imagegate-max-cost-usd': cap.toFixed(6) } },
    );
    const types: string[] = [];
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(last?.type).toBe('response.completed');
    const response = (last as OpenAI.Responses.ResponseCompletedEvent).response;
    expect(imagesOf(response)).toHaveLength(0);
    expect(types).not.toContain('response.image_generation_call.partial_image');
    expect(imagegateOf(response).ignored_tool_calls).toEqual([expect.objectContaining({ reason: 'max_cost' })]);

    const sent = upstream.requests.at(-1)!.json() as { max_output_tokens: number; max_tool_calls: number; tools: Array<{ model?: string }> };
    expect(sent.max_tool_calls).toBe(0);
    expect(sent.max_output_tokens).toBeGreaterThanOrEqual(64);
    expect(sent.tools[0]!.model).toBe('gpt-image-2');

    const cost = costOf(response);
    expect(cost.total_usd).toBeGreaterThan(0);
    expect(cost.total_usd).toBeLessThanOrEqual(cap);
    expect(cost.lines.map((line) => line.kind)).toEqual(['model_step']);
    const ledger = querySqlite<{ n: number; micros: number }>(test.dataDir, `select count(*) as n, sum(cost_micros) as micros from usage_ledger where response_id = '${response.id}'`);
    expect(ledger.n).toBe(1);
    expect(ledger.micros).toBe(Math.round(cost.total_usd * 1e6));
    expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);
  });

  it('a cap that pays for two images: two relayed, the third cut as max_cost, cost within the cap', async () => {
    withToolUsage = true;
    try {
      const cap = 2 * (IMAGE_USD + 0.01) + 0.03;
      const response = await admin().responses.create(
        { model: 'hosted', input: 'Draw three lighthouses.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
        { headers: { 'x-imagegate-max-cost-usd': cap.toFixed(6) } },
      );
      expect(imagesOf(response)).toHaveLength(2);
      expect(imagegateOf(response).ignored_tool_calls).toEqual([expect.objectContaining({ reason: 'max_cost' })]);
      expect((upstream.requests.at(-1)!.json() as { max_tool_calls: number }).max_tool_calls).toBe(2);
      // The cut stream never carried upstream's usage: the text is charged from imagegate's count.
      expect((response as unknown as { imagegate: { warnings: Array<{ message: string }> } }).imagegate.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('no usage') as string })]);
      const cost = costOf(response);
      expect(cost.lines.map((line) => line.kind)).toEqual(['model_step', 'image', 'image']);
      expect(cost.total_usd).toBeLessThanOrEqual(cap);
    } finally {
      withToolUsage = false;
    }
  });

  it('no cap: every image is priced from tool_usage.image_gen and the text from usage, to the micro-dollar', async () => {
    withToolUsage = true;
    try {
      const response = await admin().responses.create({ model: 'hosted', input: 'Draw three lighthouses.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      expect(imagesOf(response)).toHaveLength(3);
      const cost = costOf(response);
      const step = cost.lines.find((line) => line.kind === 'model_step')!;
      expect(step).toMatchObject({ input_tokens: 2412, output_tokens: 96 });
      expect(step.cost_usd).toBe(Math.round(2412 * GPT_41.inputUsdPerMillionTokens + 96 * GPT_41.outputUsdPerMillionTokens) / 1e6);
      const images = cost.lines.filter((line) => line.kind === 'image');
      expect(images).toHaveLength(3);
      // 60 text input tokens and 3,000 output tokens over three images: 20 + 1,000 each.
      const tokenPrices = GPT_IMAGE_2.tokenPrices as Record<string, number>;
      const perImageMicros = Math.round(20 * tokenPrices['textInputUsdPerMillionTokens']! + 1000 * tokenPrices['imageOutputUsdPerMillionTokens']!);
      for (const line of images) expect(Math.round(line.cost_usd * 1e6)).toBeGreaterThanOrEqual(perImageMicros);
      const ledger = querySqlite<{ micros: number }>(test.dataDir, `select sum(cost_micros) as micros from usage_ledger where response_id = '${response.id}'`);
      expect(ledger.micros).toBe(Math.round(cost.total_usd * 1e6));
    } finally {
      withToolUsage = false;
    }
  });

  it('a key whose budget is spent: 429 before the upstream is called', async () => {
    const key = await createKey(test.server.url, 'spent', { budgets: { daily_usd: 0.000001 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const before = upstream.requests.length;
    const error = await client.responses.create({ model: 'hosted', input: 'Draw a lighthouse.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect(upstream.requests.length).toBe(before);
  });

  it('a key with a budget: the response is charged to it and the ledger holds the row', async () => {
    const key = await createKey(test.server.url, 'funded', { budgets: { daily_usd: 5 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const response = await client.responses.create({ model: 'hosted', input: 'Draw a lighthouse.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming, {
      headers: { 'x-imagegate-max-images': '1' },
    });
    expect(imagesOf(response)).toHaveLength(1);
    const spent = querySqlite<{ micros: number }>(test.dataDir, `select sum(cost_micros) as micros from usage_ledger where key_id = '${key.id}'`).micros;
    expect(spent).toBe(Math.round(costOf(response).total_usd * 1e6));
    expect(spent).toBeGreaterThanOrEqual(Math.round(IMAGE_USD * 1e6));
    expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);
  });
});
