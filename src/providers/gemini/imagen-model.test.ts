import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FakeHandler } from '../../../test/support/fake-http-server.ts';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest, hangingHandler } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { gradientPng } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import type { ImageModel, ImageModelCallOptions } from '../spec/image-model.ts';
import { readGeminiImageFixture, renderPredictReply } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { createImagenImageModel } from './imagen-model.ts';
import type { ImagenPredictBody } from './imagen-wire.ts';

const startFake = fakeProviderPerTest();

async function serve(handler: FakeHandler, modelId = 'imagen-4.0-generate-001') {
  const { server, settings, sleeps } = await startFake(handler, { basePath: '/v1beta', headers: { 'x-goog-api-key': 'gemini-test-key' } });
  return { model: createImagenImageModel(modelId, settings), requests: server.requests, sleeps };
}

const render: FakeHandler = (request) => renderPredictReply(request.json() as ImagenPredictBody);
const fixture = (name: string, status = 200) => ({ status, json: readGeminiImageFixture(name) });
const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions> = {}) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const sentBody = (request: { json(): unknown } | undefined) => request?.json() as ImagenPredictBody;

describe('createImagenImageModel', () => {
  it('sends predict with the API key header and maps the predictions', async () => {
    const { model, requests } = await serve(() => fixture('predict-imagen-4.0.json'));
    const result = await model.doGenerate(imageCallOptions({ prompt: 'a lighthouse at dusk', n: 2, size: '1408x768', outputFormat: 'png' }));

    const [request] = requests;
    expect([request?.method, request?.url]).toEqual(['POST', '/v1beta/models/imagen-4.0-generate-001:predict']);
    expect(request?.headers).toMatchObject({ 'x-goog-api-key': 'gemini-test-key', 'content-type': 'application/json' });
    expect(sentBody(request)).toEqual({ instances: [{ prompt: 'a lighthouse at dusk' }], parameters: { sampleCount: 2, aspectRatio: '16:9', includeRaiReason: true } });

    expect([model.provider, model.modelId]).toEqual(['gemini.imagen', 'imagen-4.0-generate-001']);
    const recorded = readGeminiImageFixture('predict-imagen-4.0.json') as { predictions: Array<{ bytesBase64Encoded: string }> };
    expect(result.images.map((image) => Buffer.from(image.data).toString('base64'))).toEqual(recorded.predictions.map((prediction) => prediction.bytesBase64Encoded));
    expect(result).toMatchObject({ size: '1408x768', quality: 'medium', outputFormat: 'png', background: 'opaque', usage: undefined, warnings: [] });
  });

  it('splits n = 6 into requests of 4 and 2 and resizes every image to the exact size', async () => {
    const { model, requests } = await serve(render);
    const result = await generate(model, { n: 6, size: '1024x1536', outputFormat: 'webp' });
    expect(requests.map((request) => sentBody(request).parameters.sampleCount).sort()).toEqual([2, 4]);
    // 1024x1536 is more than 1K can make without upscaling: 2K is asked for.
    expect(requests.map((request) => sentBody(request).parameters)).toContainEqual({ sampleCount: 4, aspectRatio: '3:4', sampleImageSize: '2K', includeRaiReason: true });
    expect(result.images).toHaveLength(6);
    for (const image of result.images) {
      const metadata = await sharp(image.data).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 1024, 1536]);
    }
    expect(result.warnings).toEqual([{ type: 'other', setting: 'size', message: 'imagen-4.0-generate-001 made 1792x2560; the image was resized to 1024x1536.' }]);
  });

  it('asks Ultra for one image per request and Fast for no 2K', async () => {
    const ultra = await serve(render, 'imagen-4.0-ultra-generate-001');
    await generate(ultra.model, { n: 2 });
    expect(ultra.requests.map((request) => sentBody(request).parameters.sampleCount)).toEqual([1, 1]);
    const fast = await serve(render, 'imagen-4.0-fast-generate-001');
    const result = await generate(fast.model, { size: '2048x2048' });
    expect(sentBody(fast.requests[0]).parameters).toEqual({ sampleCount: 1, aspectRatio: '1:1', includeRaiReason: true });
    expect(result).toMatchObject({ size: '2048x2048', quality: 'low' });
  });

  it('refuses edits as invalid_request before sending anything', async () => {
    const { model, requests } = await serve(render);
    const error = await caught(generate(model, { images: [{ data: await gradientPng(16, 16), mediaType: 'image/png' }] }));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error', message: expect.stringContaining('cannot edit images') });
    expect(requests).toHaveLength(0);
  });

  it('warns about seed and partial images, which Imagen on the Gemini API lacks', async () => {
    const { model, requests } = await serve(render);
    const result = await generate(model, { seed: 3, partialImages: 1, onPartialImage: () => undefined });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['partialImages', 'seed']);
    expect(JSON.stringify(sentBody(requests[0]))).not.toContain('seed');
  });
});

describe('createImagenImageModel: safety and failures', () => {
  it('returns the images left after filtering, with a warning naming the reason', async () => {
    const { model } = await serve(() => fixture('predict-imagen-rai-filtered.json'));
    const result = await generate(model, { n: 2 });
    expect(result.images).toHaveLength(1);
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'other', message: expect.stringMatching(/returned 1 of 2 images; the safety filter withheld the rest: Your current safety filter/) })]);
  });

  it('every sample filtered is moderation_blocked', async () => {
    const { model } = await serve(() => fixture('predict-imagen-all-filtered.json'));
    expect(await caught(generate(model, { n: 2 }))).toMatchObject({ code: 'moderation_blocked', message: expect.stringContaining('filtered out 2 generated images') });
  });

  it('a Responsible-AI 400 is moderation_blocked', async () => {
    const { model, requests } = await serve(() => fixture('error-imagen-responsible-ai.json', 400));
    expect(await caught(generate(model))).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
    expect(requests).toHaveLength(1);
  });

  it('an answer with neither images nor reasons is an invalid_response', async () => {
    const { model } = await serve(() => ({ json: {} }));
    expect(await caught(generate(model))).toMatchObject({ kind: 'invalid_response' });
  });

  it('retries 429 (RetryInfo) and 500, then succeeds', async () => {
    const { model, sleeps } = await serve((request, index) =>
      index === 0 ? fixture('error-resource-exhausted.json', 429) : index === 1 ? fixture('error-internal.json', 500) : render(request, index),
    );
    await expect(generate(model)).resolves.toMatchObject({ size: '1024x1024' });
    expect(sleeps).toEqual([34_400, 1000]);
  });

  it('malformed JSON is a non-retryable ProviderError', async () => {
    const { model, requests } = await serve(() => ({ body: 'predictions: none' }));
    const error = await caught(generate(model));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'invalid_response' });
    expect(requests).toHaveLength(1);
  });

  it('aborting mid-call rejects with the caller’s reason', async () => {
    const hanging = hangingHandler();
    const { model } = await serve(hanging.handler);
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const call = generate(model, { abortSignal: controller.signal });
    await hanging.arrived;
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
