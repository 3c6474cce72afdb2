import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './support/accounting.ts';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { SEED_IMAGE_TOOL, type TestServer, startTestServer } from './support/test-server.ts';

interface CostBlock {
  currency: string;
  total_usd: number;
  known: boolean;
  lines: Array<{ kind: string; model: string; basis: string; cost_usd: number; input_tokens?: number; cached_input_tokens?: number; output_tokens?: number; quality?: string; size?: string }>;
}
const costOf = (response: unknown) => (response as { imagegate: { cost: CostBlock } }).imagegate.cost;

/** Micro-dollars of a text step, by hand: (uncached × in + cached × cached-in + out × out) / 1M, rounded. */
function textStepMicros(model: string, input: number, cached: number, output: number): number {
  const row = CATALOG.textModels[model]!;
  return Math.round((input - cached) * row.inputUsdPerMillionTokens + cached * row.cachedInputUsdPerMillionTokens + output * row.outputUsdPerMillionTokens);
}

const seed = { input: [{ role: 'user', content: 'Draw a lighthouse on a cliff at sunset.' }], tools: [SEED_IMAGE_TOOL] };

describe('the cost of the seed request, computed by hand from the catalog rows', () => {
  let test: TestServer;
  let upstream: FakeHttpServer;
  beforeAll(async () => {
    test = await startTestServer();
    upstream = await startOpenAIUpstreamFake([{ imageCalls: ['a lighthouse'] }, { text: 'Here it is.' }]);
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('offline: simulator text steps + one procedural image at medium 1024x1024', async () => {
    const { data: response, response: http } = await test.client.responses
      .create({ model: 'gpt-4.1', ...seed } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    const cost = costOf(response);
    const steps = cost.lines.filter((line) => line.kind === 'model_step');
    expect(steps).toHaveLength(2);
    const expectedSteps = steps.map((line) => textStepMicros('simulator', line.input_tokens!, line.cached_input_tokens!, line.output_tokens!));
    // size auto renders 1024x1024; quality medium; the procedural backend is priced per image.
    const imageMicros = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
    expect(cost.lines.filter((line) => line.kind === 'image')).toEqual([expect.objectContaining({ model: 'procedural', basis: 'per_image', quality: 'medium', size: '1024x1024', cost_usd: imageMicros / 1e6 })]);
    expect(steps.map((line) => Math.round(line.cost_usd * 1e6))).toEqual(expectedSteps);
    const totalMicros = expectedSteps.reduce((sum, value) => sum + value, 0) + imageMicros;
    expect(Math.round(cost.total_usd * 1e6)).toBe(totalMicros);
    expect(http.headers.get('x-imagegate-cost-usd')).toBe((totalMicros / 1e6).toFixed(6));
    // The usage the steps report is what was priced.
    expect(steps.reduce((sum, line) => sum + line.input_tokens!, 0)).toBe(response.usage?.input_tokens);
  });

  it('through OpenAI: gpt-4.1 tokens + gpt-image-1.5 priced by the tokens the Images API reported', async () => {
    const routed = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      imageModels: { 'gpt-image-1.5': { provider: 'openai' } },
      defaultImageModel: 'gpt-image-1.5',
      unknownModels: 'openai',
    });
    try {
      const response = await routed.client.responses.create({ model: 'gpt-4.1', ...seed } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      const cost = costOf(response);
      // The fake reports 120 input / 30 output tokens per step, and 50 text-input / 1056 output image tokens.
      const stepMicros = textStepMicros('gpt-4.1', 120, 0, 30);
      const prices = CATALOG.imageModels['gpt-image-1.5']!.tokenPrices!;
      const imageMicros = Math.round(50 * prices['textInputUsdPerMillionTokens']! + 1056 * prices['imageOutputUsdPerMillionTokens']!);
      expect(cost.lines.map((line) => [line.kind, line.model, line.basis, Math.round(line.cost_usd * 1e6)])).toEqual([
        ['model_step', 'gpt-4.1', 'tokens', stepMicros],
        ['image', 'gpt-image-1.5', 'tokens', imageMicros],
        ['model_step', 'gpt-4.1', 'tokens', stepMicros],
      ]);
      expect(Math.round(cost.total_usd * 1e6)).toBe(2 * stepMicros + imageMicros);
    } finally {
      await routed.dispose();
    }
  });

  it('streaming clients get the cost in the final event', async () => {
    const stream = await test.client.responses.create({ model: 'gpt-4.1', ...seed, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) last = event;
    const cost = costOf((last as OpenAI.Responses.ResponseCompletedEvent).response);
    expect(cost.known).toBe(true);
    expect(cost.total_usd).toBeGreaterThan(0.011);
  });

  it('a dry-run estimate bounds what the request can cost', async () => {
    const response = await fetch(`${test.server.url}/v1/responses/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-imagegate-max-images': '2' },
      body: JSON.stringify({ model: 'gpt-4.1', ...seed }),
    });
    const estimate = (await response.json()) as { max_cost_usd: number; bounded: boolean; lines: Array<{ kind: string; max_images?: number }> };
    expect(estimate.bounded).toBe(true);
    expect(estimate.lines.find((line) => line.kind === 'image')?.max_images).toBe(2);
    expect(estimate.max_cost_usd).toBeGreaterThanOrEqual(2 * 0.011);
    const unbounded = (await (await fetch(`${test.server.url}/v1/responses/estimate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', ...seed }) })).json()) as { bounded: boolean };
    expect(unbounded.bounded).toBe(false);
  });
});
