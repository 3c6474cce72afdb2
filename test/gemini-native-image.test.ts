import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageDimensions } from '../src/media/read-image-dimensions.ts';
import { frameAsSse, splitAtTrickyBytes } from './kits/providers/shared/testing/recordings.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { type ImageItem, type TestServer, startTestServer } from './support/test-server.ts';

/**
 * A Gemini native-image chat model (gemini-2.0-flash-preview-image-generation, as googleapis/js-genai
 * recorded it) answers with text and an inline PNG; the client must get the image as an
 * `image_generation_call` item, streamed and stored alike.
 */
const recording = JSON.parse(
  readFileSync(
    new URL('./fixtures/providers/gemini/js-genai/Client_Tests_generateContentStream_ML_Dev_should_stream_generate_content_with_image_output.json', import.meta.url),
    'utf8',
  ),
) as { interactions: Array<{ request: { bodySegments: Array<{ generationConfig: { responseModalities: string[] } }> }; response: { bodySegments: unknown[] } }> };
const segments = recording.interactions[0]?.response.bodySegments ?? [];
const sse = frameAsSse(
  segments.map((segment) => JSON.stringify(segment)),
  { lineEnd: '\r\n' },
);
const recordedPng = (() => {
  for (const segment of segments) {
    const parts = (segment as { candidates?: Array<{ content?: { parts?: Array<{ inlineData?: { data: string } }> } }> }).candidates?.[0]?.content?.parts ?? [];
    const data = parts.find((part) => part.inlineData)?.inlineData?.data;
    if (data) return data;
  }
  throw new Error('no image in the recording');
})();
const recordedText = 'I will generate an image of the Eiffel Tower at night, with a vibrant and colorful fireworks display exploding behind it, illuminating the sky.\n\n';

describe('a Gemini native-image chat model through imagegate', () => {
  let gemini: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    gemini = await startFakeHttpServer(() => ({ chunks: splitAtTrickyBytes(sse, 4093) }));
    test = await startTestServer({
      providers: { google: { type: 'gemini', baseURL: `${gemini.url}/v1beta`, apiKey: 'gemini-test-key', maxRetries: 0 } },
      models: {
        'nano-banana': { provider: 'google', model: 'gemini-2.0-flash-preview-image-generation' },
        // The same answer, priced as the current native-image model.
        'priced-banana': { provider: 'google', model: 'gemini-2.5-flash-image' },
      },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await gemini.close();
  });

  it('returns the inline image as a completed image_generation_call after the text, and stores the same', async () => {
    const response = await test.client.responses.create({ model: 'nano-banana', input: 'Generate an image of the Eiffel tower with fireworks in the background.' });
    expect(response.status).toBe('completed');
    expect(response.output.map((item) => item.type)).toEqual(['message', 'image_generation_call']);
    expect(response.output_text).toBe(recordedText);
    const image = response.output[1] as unknown as ImageItem;
    expect(image).toMatchObject({ id: expect.stringMatching(/^ig_/) as unknown, status: 'completed', output_format: 'png', size: '510x1024', result: recordedPng });
    expect(readImageDimensions(Buffer.from(image.result, 'base64'))).toEqual({ width: 510, height: 1024 });
    expect(response.usage).toMatchObject({ input_tokens: 15, output_tokens: 1318 });
    // Asked for both modalities, as the SDK did when it recorded this answer.
    const sent = gemini.requests[0]?.json() as { generationConfig: { responseModalities: string[] } };
    expect(sent.generationConfig.responseModalities.slice().sort()).toEqual(recording.interactions[0]?.request.bodySegments[0]?.generationConfig.responseModalities.slice().sort());
    const stored = await test.client.responses.retrieve(response.id);
    expect(stored.output).toEqual(response.output);
  });

  it('streams the image item with the events of a hosted image call', async () => {
    const stream = test.client.responses.stream({ model: 'nano-banana', input: 'Generate an image of the Eiffel tower with fireworks in the background.' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    const imageEvents = types.filter((type) => type.startsWith('response.image_generation_call') || type.startsWith('response.output_item'));
    expect(imageEvents).toEqual([
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.image_generation_call.in_progress',
      'response.image_generation_call.generating',
      'response.image_generation_call.completed',
      'response.output_item.done',
    ]);
    expect((final.output[1] as unknown as ImageItem).result).toBe(recordedPng);
  });

  it('an image the model draws counts toward the image limits: past x-imagegate-max-images it is dropped and reported', async () => {
    const response = await test.client.responses.create(
      { model: 'nano-banana', input: 'Generate an image of the Eiffel tower with fireworks in the background.' },
      { headers: { 'x-imagegate-max-images': '0' } },
    );
    expect(response.output.map((item) => item.type)).toEqual(['message']);
    const info = (response as unknown as { imagegate: { images_generated: number; ignored_tool_calls: Array<{ reason: string }> } }).imagegate;
    expect(info.images_generated).toBe(0);
    expect(info.ignored_tool_calls).toEqual([expect.objectContaining({ reason: 'max_images', prompt: null })]);
  });

  it('drawn image tokens are billed at the image output rate, the rest at the text rate', async () => {
    const response = await test.client.responses.create({ model: 'priced-banana', input: 'Generate an image of the Eiffel tower with fireworks in the background.' });
    const info = (response as unknown as { imagegate: { images_generated: number; cost: { total_usd: number } } }).imagegate;
    expect(info.images_generated).toBe(1);
    // 15 input tokens at $0.30/M, 28 text output tokens at $2.50/M, 1,290 image tokens at $30/M.
    expect(info.cost.total_usd).toBe(Math.round(15 * 0.3 + 28 * 2.5 + 1290 * 30) / 1e6);
  });
});
