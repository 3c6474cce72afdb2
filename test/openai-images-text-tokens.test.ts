import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { startFakeHttpServer } from './support/fake-http-server.ts';
import { respondToImages } from './support/openai-upstream-fake.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

/**
 * gpt-image-2 reports its output split into image and text tokens (`output_tokens_details`);
 * the text part is billed at the text output rate ($10/1M), not the image rate ($30/1M).
 */
describe('OpenAI Images usage with text output tokens', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    upstream = await startFakeHttpServer(async (request) => {
      const reply = await respondToImages(request);
      const json = (reply as { json: Record<string, unknown> }).json;
      const usage = { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 1300, output_tokens_details: { image_tokens: 1056, text_tokens: 244 }, total_tokens: 1350 };
      return { json: { ...json, usage } };
    });
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      imageModels: { 'gpt-image-2': { provider: 'openai' } },
      defaultImageModel: 'gpt-image-2',
      unknownModels: 'reject',
      // Real providers and 'reject': the simulator's names resolve only when enabled on purpose.
      simulator: { enabled: true },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  // 50 × $5/1M + 1056 × $30/1M + 244 × $10/1M = $0.00025 + $0.03168 + $0.00244
  const expectedUsd = 0.03437;

  it('the Images API charges text output tokens at the text rate', async () => {
    const response = await test.client.images.generate({ model: 'gpt-image-2', prompt: 'a fox', size: '1024x1024', quality: 'medium' });
    expect(response.data).toHaveLength(1);
    expect((response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd).toBe(expectedUsd);
  });

  it('so does the image tool on /v1/responses', async () => {
    const response = await test.client.responses.create({
      model: 'simulator',
      input: 'Draw a fox.',
      tools: [{ type: 'image_generation', model: 'gpt-image-2', size: '1024x1024', quality: 'medium' }],
    } as never);
    expect(imagesOf(response as never)).toHaveLength(1);
    const lines = (response as unknown as { imagegate: { cost: { lines: Array<{ kind: string; cost_usd: number }> } } }).imagegate.cost.lines;
    expect(lines.filter((line) => line.kind === 'image').map((line) => line.cost_usd)).toEqual([expectedUsd]);
  });
});
