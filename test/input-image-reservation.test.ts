import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxImageInputTokens } from '../src/pricing/image-input-tokens.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const GPT_41_INPUT_USD_PER_TOKEN = 2 / 1_000_000;

async function pngDataUrl(width: number, height: number): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Input images are reserved per model from their real size and detail (POST /v1/responses/estimate). */
describe('an input image is reserved at its model’s published token cost', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  let large: string;
  beforeAll(async () => {
    // The estimate runs nothing: any call upstream fails the test.
    upstream = await startFakeHttpServer(() => ({ status: 500, json: { error: { message: 'must not be called', type: 'server_error', param: null, code: null } } }));
    test = await startTestServer({ providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } } });
    large = await pngDataUrl(2048, 4096);
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const stepCostUsd = async (content: Array<Record<string, unknown>>): Promise<number> => {
    const response = await fetch(`${test.server.url}/v1/responses/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', input: [{ role: 'user', content }], max_output_tokens: 100 }),
    });
    expect(response.status).toBe(200);
    const estimate = (await response.json()) as { lines: Array<{ kind: string; model: string; max_cost_per_step_usd: number }> };
    const step = estimate.lines.find((line) => line.kind === 'model_step')!;
    expect(step.model).toBe('gpt-4.1');
    return step.max_cost_per_step_usd;
  };
  const text = { type: 'input_text', text: 'What is in this picture?' };

  it('a 2048×4096 high-detail image on gpt-4.1 adds at least its 1105 tokens (OpenAI’s worked example), not a flat 85', async () => {
    const withoutImage = await stepCostUsd([text]);
    const withImage = await stepCostUsd([text, { type: 'input_image', image_url: large, detail: 'high' }]);
    const formulaTokens = maxImageInputTokens({ modelId: 'gpt-4.1', width: 2048, height: 4096, detail: 'high' });
    expect(formulaTokens).toBe(1105);
    const reservedForImageUsd = withImage - withoutImage;
    // Each estimate is rounded up to the micro-dollar on its own.
    expect(reservedForImageUsd).toBeGreaterThanOrEqual(formulaTokens * GPT_41_INPUT_USD_PER_TOKEN - 0.000001);
    expect(reservedForImageUsd).toBeLessThanOrEqual(formulaTokens * GPT_41_INPUT_USD_PER_TOKEN + 0.000001);
    expect(upstream.requests).toHaveLength(0);
  });

  it('detail: low is sent on and reserved at its own figure (85 tokens on gpt-4.1)', async () => {
    const withoutImage = await stepCostUsd([text]);
    const low = await stepCostUsd([text, { type: 'input_image', image_url: large, detail: 'low' }]);
    expect(low - withoutImage).toBeCloseTo(85 * GPT_41_INPUT_USD_PER_TOKEN, 5);
    const auto = await stepCostUsd([text, { type: 'input_image', image_url: large }]);
    expect(auto - withoutImage).toBeCloseTo(1105 * GPT_41_INPUT_USD_PER_TOKEN, 5);
  });
});
