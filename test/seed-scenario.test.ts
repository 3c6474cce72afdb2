import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IMAGE_TOOL, type TestServer, startTestServer } from './support/test-server.ts';

/** The user's problem from the issue, driven through the official openai client. */
describe('the seed scenario: exactly the images the policy allows', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  const messages = [
    { role: 'system' as const, content: 'Only ever generate one image.' },
    { role: 'user' as const, content: 'Draw a lighthouse on a cliff at sunset.' },
  ];

  it('simulator-repeat with max_tool_calls 1: one image, a final message, the ignored calls listed', async () => {
    const response = await test.client.responses.create({
      model: 'simulator-repeat',
      input: messages,
      tools: [SEED_IMAGE_TOOL],
      max_tool_calls: 1,
    });
    const images = response.output.filter((item) => item.type === 'image_generation_call');
    expect(images).toHaveLength(1);
    expect(response.status).toBe('completed');
    expect(response.output.at(-1)?.type).toBe('message');
    expect(response.output_text.length).toBeGreaterThan(0);
    const extension = (response as unknown as { imagegate: { ignored_tool_calls: Array<{ reason: string; call_id: string; prompt: string }> } }).imagegate;
    expect(extension.ignored_tool_calls.length).toBeGreaterThanOrEqual(0);
    for (const ignored of extension.ignored_tool_calls) expect(ignored.reason).toBe('max_tool_calls');
    const image = images[0] as { result: string; output_format: string; size: string; quality: string };
    expect(image.output_format).toBe('jpeg');
    expect(image.size).toBe('1024x1024');
    const metadata = await sharp(Buffer.from(image.result, 'base64')).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1024, 1024]);
  });

  it('simulator-repeat without a limit makes many images; the limit is what stops it', async () => {
    const response = await test.client.responses.create({ model: 'simulator-repeat', input: messages, tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }] });
    expect(response.output.filter((item) => item.type === 'image_generation_call').length).toBeGreaterThan(3);
  });

  for (const limit of [1, 2, 3]) {
    it(`x-imagegate-max-images: ${limit} against simulator-parallel-5 gives exactly ${limit} images`, async () => {
      const response = await test.client.responses.create(
        { model: 'simulator-parallel-5', input: messages, tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }] },
        { headers: { 'x-imagegate-max-images': String(limit) } },
      );
      expect(response.output.filter((item) => item.type === 'image_generation_call')).toHaveLength(limit);
      const ignored = (response as unknown as { imagegate: { ignored_tool_calls: Array<{ reason: string }> } }).imagegate.ignored_tool_calls;
      expect(ignored).toHaveLength(5 - limit);
      expect(new Set(ignored.map((call) => call.reason))).toEqual(new Set(['max_images']));
    });
  }

  it('exact_images 1 with a message that asks for no image: exactly one image', async () => {
    const response = await test.client.responses.create({
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'Tell me about lighthouses.' }],
      tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
      // @ts-expect-error imagegate's extension field
      imagegate: { exact_images: 1 },
    });
    expect(response.output.filter((item) => item.type === 'image_generation_call')).toHaveLength(1);
    expect(response.output.at(-1)?.type).toBe('message');
  });

  it('"keep generating until you have 10 images" with max_images 2: two images', async () => {
    const response = await test.client.responses.create({
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'Keep generating until you have 10 images of foxes.' }],
      tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
      // @ts-expect-error imagegate's extension field
      imagegate: { max_images: 2 },
    });
    expect(response.output.filter((item) => item.type === 'image_generation_call')).toHaveLength(2);
    const extension = (response as unknown as { imagegate: { simulated: boolean; resolved_model: string } }).imagegate;
    expect(extension.simulated).toBe(true);
    expect(extension.resolved_model).toBe('simulator');
    expect(response.model).toBe('gpt-4.1');
  });

  it('the strictest limit wins: body max_images 3, header 1, max_tool_calls 2', async () => {
    const response = await test.client.responses.create(
      {
        model: 'simulator-parallel-5',
        input: messages,
        tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }],
        max_tool_calls: 2,
        // @ts-expect-error imagegate's extension field
        imagegate: { max_images: 3 },
      },
      { headers: { 'x-imagegate-max-images': '1' } },
    );
    expect(response.output.filter((item) => item.type === 'image_generation_call')).toHaveLength(1);
  });
});
