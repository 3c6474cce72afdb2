import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FakeHandler } from '../../../test/support/fake-http-server.ts';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest, hangingHandler } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { decodeRgba, gradientPng, leftHalfKeptMask, meanColourDifference, onlyImage } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import type { ImageModel, ImageModelCallOptions } from '../spec/image-model.ts';
import { readGeminiImageFixture, renderGenerateContentReply } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { createGeminiImageModel } from './gemini-image-model.ts';
import type { GeminiGenerateContentBody } from './gemini-image-wire.ts';

const startFake = fakeProviderPerTest();

/** A fake Gemini API answering with `handler`, and a model wired to it; sleeps are recorded, not slept. */
async function serve(handler: FakeHandler, modelId = 'gemini-2.5-flash-image') {
  const { server, settings, sleeps } = await startFake(handler, { basePath: '/v1beta', headers: { 'x-goog-api-key': 'gemini-test-key' } });
  return { model: createGeminiImageModel(modelId, settings), requests: server.requests, sleeps };
}

const render: FakeHandler = (request, index) => renderGenerateContentReply(request.json() as GeminiGenerateContentBody, index + 1);
const fixture = (name: string, status = 200, headers?: Record<string, string>) => ({ status, headers, json: readGeminiImageFixture(name) });
const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions> = {}) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const sentBody = (request: { json(): unknown } | undefined) => request?.json() as GeminiGenerateContentBody;

describe('createGeminiImageModel: generation', () => {
  it('sends generateContent with the API key header and maps the image and usage', async () => {
    const { model, requests } = await serve(() => fixture('generate-content-image.json'));
    const result = await model.doGenerate(imageCallOptions({ prompt: 'a lighthouse at dusk', size: '1024x1024', outputFormat: 'png', quality: 'medium' }));

    const [request] = requests;
    expect([request?.method, request?.url]).toEqual(['POST', '/v1beta/models/gemini-2.5-flash-image:generateContent']);
    expect(request?.headers).toMatchObject({ 'x-goog-api-key': 'gemini-test-key', 'content-type': 'application/json' });
    expect(sentBody(request)).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'a lighthouse at dusk' }] }],
      generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1' } },
    });

    expect([model.provider, model.modelId]).toEqual(['gemini.image', 'gemini-2.5-flash-image']);
    const image = onlyImage(result);
    const recorded = readGeminiImageFixture('generate-content-image.json') as { candidates: Array<{ content: { parts: Array<{ inlineData: { data: string } }> } }> };
    // Already 1024x1024 png: passed through untouched.
    expect(Buffer.from(image.data).toString('base64')).toBe(recorded.candidates[0]?.content.parts[0]?.inlineData.data);
    expect(result).toMatchObject({ size: '1024x1024', quality: 'medium', outputFormat: 'png', background: 'opaque', warnings: [] });
    expect(result.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 1290 });
  });

  it('n=2: two calls with seed and seed + 1, each resized to the exact size, usage summed', async () => {
    const { model, requests } = await serve(render);
    const result = await model.doGenerate(imageCallOptions({ n: 2, size: '1024x1536', outputFormat: 'jpeg', seed: 5 }));

    expect(requests).toHaveLength(2);
    const bodies = requests.map(sentBody);
    expect(bodies.map((body) => body.generationConfig.seed).sort()).toEqual([5, 6]);
    expect(bodies.every((body) => body.generationConfig.imageConfig?.aspectRatio === '2:3')).toBe(true);
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      const metadata = await sharp(image.data).metadata();
      expect([image.mediaType, metadata.format, metadata.width, metadata.height]).toEqual(['image/jpeg', 'jpeg', 1024, 1536]);
    }
    expect(result.size).toBe('1024x1536');
    expect(result.usage).toEqual({ inputTokens: 24, inputTextTokens: 24, inputImageTokens: 0, outputTokens: 2580 });
    expect(result.warnings).toEqual([{ type: 'other', setting: 'size', message: 'gemini-2.5-flash-image made 832x1248; the image was resized to 1024x1536.' }]);
  });

  it('asks gemini-3-pro-image for 2K when 1K would have to be upscaled, and skips its thought images', async () => {
    const { model, requests } = await serve(() => fixture('generate-content-thinking.json'), 'gemini-3-pro-image-preview');
    const result = await generate(model, { size: '1536x1536' });
    expect(sentBody(requests[0]).generationConfig.imageConfig).toEqual({ aspectRatio: '1:1', imageSize: '2K' });
    const pixels = await decodeRgba(onlyImage(result).data);
    // The final image is light blue; the interim thought image was near black.
    expect(pixels.data[2]).toBeGreaterThan(180);
    expect(result).toMatchObject({ quality: 'high', usage: { outputTokens: 1363 } });
  });

  it('turns what Gemini cannot do into warnings and never calls back for partial images', async () => {
    const { model, requests } = await serve(render);
    let partials = 0;
    const result = await model.doGenerate(
      imageCallOptions({ partialImages: 2, onPartialImage: () => void partials++, background: 'transparent', quality: 'high', moderation: 'low', seed: -3, outputFormat: 'png', outputCompression: 50 }),
    );
    expect(partials).toBe(0);
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['outputCompression', 'partialImages', 'background', 'quality', 'moderation', 'seed']);
    expect(sentBody(requests[0]).generationConfig).toEqual({ responseModalities: ['IMAGE'] });
    expect(result).toMatchObject({ size: '1024x1024', background: 'opaque', quality: 'medium' });
  });
});

describe('createGeminiImageModel: edits', () => {
  it('sends the input image inline and changes only the masked region', async () => {
    const { model, requests } = await serve(render);
    const base = { data: await gradientPng(96, 64), mediaType: 'image/png' };
    const mask = { data: await leftHalfKeptMask(96, 64), mediaType: 'image/png' };
    const result = await model.doGenerate(imageCallOptions({ prompt: 'paint the right side red', images: [base], mask }));

    const body = sentBody(requests[0]);
    expect(body.contents[0]?.parts).toEqual([{ text: 'paint the right side red' }, { inlineData: { mimeType: 'image/png', data: Buffer.from(base.data).toString('base64') } }]);
    // The model must answer in the input's frame, so no aspect ratio is asked for.
    expect(body.generationConfig).toEqual({ responseModalities: ['IMAGE'] });

    const [before, after] = [await decodeRgba(base.data), await decodeRgba(onlyImage(result).data)];
    expect([after.width, after.height]).toEqual([96, 64]);
    expect(meanColourDifference(before, after, (x) => x < 48)).toBe(0);
    expect(meanColourDifference(before, after, (x) => x >= 48)).toBeGreaterThan(10);
    expect(result).toMatchObject({ size: '96x64', usage: { inputImageTokens: 258 } });
  });

  it('without a mask asks for the ratio of the size to deliver and sends every image', async () => {
    const { model, requests } = await serve(render);
    const images = [
      { data: await gradientPng(96, 64), mediaType: 'image/png' },
      { data: await sharp(await gradientPng(40, 40)).jpeg().toBuffer(), mediaType: 'image/jpeg' },
    ];
    const result = await model.doGenerate(imageCallOptions({ images, size: '1536x1024', inputFidelity: 'high' }));
    const body = sentBody(requests[0]);
    expect(body.contents[0]?.parts.map((part) => ('inlineData' in part ? part.inlineData.mimeType : 'text'))).toEqual(['text', 'image/png', 'image/jpeg']);
    expect(body.generationConfig.imageConfig).toEqual({ aspectRatio: '3:2' });
    expect(result.size).toBe('1536x1024');
    expect(result.warnings).toContainEqual(expect.objectContaining({ setting: 'inputFidelity' }));
  });

  it('refuses a mask without alpha before sending anything', async () => {
    const { model, requests } = await serve(render);
    const base = { data: await gradientPng(32, 32), mediaType: 'image/png' };
    const error = await caught(generate(model, { images: [base], mask: base }));
    expect(error).toMatchObject({ code: 'invalid_image' });
    expect(requests).toHaveLength(0);
  });
});

describe('createGeminiImageModel: failures', () => {
  it.each(['generate-content-prompt-blocked.json', 'generate-content-image-safety.json'])('%s → moderation_blocked', async (name) => {
    const { model } = await serve(() => fixture(name));
    const error = await caught(generate(model));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
  });

  it('a 400 is invalid_request and is not retried', async () => {
    const { model, requests } = await serve(() => fixture('error-invalid-argument.json', 400));
    expect(await caught(generate(model))).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect(requests).toHaveLength(1);
  });

  it('honours RetryInfo of a 429 RESOURCE_EXHAUSTED, then succeeds', async () => {
    const { model, requests, sleeps } = await serve((request, index) => (index === 0 ? fixture('error-resource-exhausted.json', 429) : render(request, index)));
    await expect(generate(model)).resolves.toMatchObject({ size: '1024x1024' });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([34_400]);
  });

  it('honours a Retry-After header on 429', async () => {
    const { model, sleeps } = await serve((request, index) => (index === 0 ? fixture('error-resource-exhausted.json', 429, { 'retry-after': '3' }) : render(request, index)));
    await generate(model);
    expect(sleeps).toEqual([3000]);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const { model, requests, sleeps } = await serve((request, index) => (index === 0 ? fixture('error-internal.json', 500) : render(request, index)));
    await expect(generate(model)).resolves.toMatchObject({ images: [expect.anything()] });
    expect([requests.length, sleeps]).toEqual([2, [500]]);
  });

  it('gives up after the retries with a retryable ProviderError', async () => {
    const { model, requests } = await serve(() => fixture('error-internal.json', 500));
    const error = await caught(generate(model));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 500, isRetryable: true });
    expect(requests).toHaveLength(3);
  });

  it('retries a connection reset', async () => {
    const { model, requests } = await serve((request, index) => (index === 0 ? { reset: true } : render(request, index)));
    await expect(generate(model)).resolves.toMatchObject({ size: '1024x1024' });
    expect(requests).toHaveLength(2);
  });

  it('malformed JSON is a non-retryable invalid_response', async () => {
    const { model, requests } = await serve(() => ({ headers: { 'content-type': 'application/json' }, body: '{"candidates": [' }));
    expect(await caught(generate(model))).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(requests).toHaveLength(1);
  });

  it('aborting mid-call rejects with the caller’s reason', async () => {
    const hanging = hangingHandler();
    const { model } = await serve(hanging.handler);
    const controller = new AbortController();
    const reason = new Error('client went away');
    const call = generate(model, { abortSignal: controller.signal, n: 2 });
    await hanging.arrived;
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
