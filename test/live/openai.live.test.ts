import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IMAGE_TOOL, type TestServer, imagegateOf, imagesOf, startTestServer } from '../support/test-server.ts';

/**
 * Live: the seed scenario against the real OpenAI API. Runs only with OPENAI_API_KEY set
 * (`npm run test:live`); costs a few cents: one low-quality image at most.
 */
const apiKey = process.env['OPENAI_API_KEY'];

describe.skipIf(!apiKey)('live OpenAI', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: apiKey!, ...(process.env['OPENAI_BASE_URL'] ? { baseURL: process.env['OPENAI_BASE_URL'] } : {}) } },
      imageModels: { 'gpt-image-1-mini': { provider: 'openai' } },
      defaultImageModel: 'gpt-image-1-mini',
      unknownModels: 'openai',
    });
  });
  afterAll(async () => test?.dispose());

  it('gpt-4.1-mini with a limit of one image gets exactly one real image', async () => {
    const response = await test.client.responses.create(
      {
        model: process.env['IMAGEGATE_LIVE_MODEL'] ?? 'gpt-4.1-mini',
        input: [{ role: 'user', content: 'Draw two small pictures: a red circle, and a blue square.' }],
        tools: [{ ...SEED_IMAGE_TOOL, quality: 'low', size: '1024x1024' }],
      },
      { headers: { 'x-imagegate-max-images': '1' } },
    );
    expect(response.status).toBe('completed');
    const images = imagesOf(response);
    expect(images.length).toBeLessThanOrEqual(1);
    expect(imagegateOf(response).simulated).toBe(false);
    for (const image of images) {
      const metadata = await sharp(Buffer.from(image.result, 'base64')).metadata();
      expect(metadata.format).toBe('jpeg');
    }
  }, 180_000);
});
