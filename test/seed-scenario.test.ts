import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { SEED_IMAGE_TOOL, type LooseBody, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** The user's problem from the issue, driven through the official openai client. */
describe('the seed scenario: exactly the images the policy allows', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  const create = (body: LooseBody, headers?: Record<string, string>) =>
    test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming, headers ? { headers } : undefined);

  const messages = [
    { role: 'system' as const, content: 'Only ever generate one image.' },
    { role: 'user' as const, content: 'Draw a lighthouse on a cliff at sunset.' },
  ];

  it('simulator-repeat with max_tool_calls 1: one image, a final message, the ignored calls listed', async () => {
    const response = await create({
      model: 'simulator-repeat',
      input: messages,
      tools: [SEED_IMAGE_TOOL],
      max_tool_calls: 1,
    });
    const images = imagesOf(response);
    expect(images).toHaveLength(1);
    expect(response.status).toBe('completed');
    expect(response.output.at(-1)?.type).toBe('message');
    expect(response.output_text.length).toBeGreaterThan(0);
    const extension = imagegateOf(response);
    expect(extension.ignored_tool_calls.length).toBeGreaterThanOrEqual(1);
    for (const ignored of extension.ignored_tool_calls) expect(ignored.reason).toBe('max_tool_calls');
    const image = images[0]!;
    expect(image.output_format).toBe('jpeg');
    expect(image.size).toBe('1024x1024');
    const metadata = await sharp(Buffer.from(image.result, 'base64')).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1024, 1024]);
  });

  it('simulator-repeat without a limit makes many images; the limit is what stops it', async () => {
    const response = await create({ model: 'simulator-repeat', input: messages, tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }] });
    expect(imagesOf(response).length).toBeGreaterThan(3);
  });

  for (const limit of [1, 2, 3]) {
    it(`x-imagegate-max-images: ${limit} against simulator-parallel-5 gives exactly ${limit} images`, async () => {
      const response = await create(
        { model: 'simulator-parallel-5', input: messages, tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }] },
        { 'x-imagegate-max-images': String(limit) },
      );
      expect(imagesOf(response)).toHaveLength(limit);
      const ignored = imagegateOf(response).ignored_tool_calls;
      expect(ignored).toHaveLength(5 - limit);
      expect(new Set(ignored.map((call) => call.reason))).toEqual(new Set(['max_images']));
    });
  }

  it('exact_images 1 with a message that asks for no image: exactly one image', async () => {
    const response = await create({
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'Tell me about lighthouses.' }],
      tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
      imagegate: { exact_images: 1 },
    });
    expect(imagesOf(response)).toHaveLength(1);
    expect(response.output.at(-1)?.type).toBe('message');
  });

  it('"keep generating until you have 10 images" with max_images 2: two images', async () => {
    const response = await create({
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'Keep generating until you have 10 images of foxes.' }],
      tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
      imagegate: { max_images: 2 },
    });
    expect(imagesOf(response)).toHaveLength(2);
    const extension = imagegateOf(response);
    expect(extension.simulated).toBe(true);
    expect(extension.resolved_model).toBe('simulator');
    expect(response.model).toBe('gpt-4.1');
  });

  it('the strictest limit wins: body max_images 3, header 1, max_tool_calls 2', async () => {
    const response = await create(
      {
        model: 'simulator-parallel-5',
        input: messages,
        tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
        max_tool_calls: 2,
          imagegate: { max_images: 3 },
      },
      { 'x-imagegate-max-images': '1' },
    );
    expect(imagesOf(response)).toHaveLength(1);
  });
});
