import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type FakeHandler, splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest, hangingHandler } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelPartialImage } from '../spec/image-model.ts';
import { encodeFakeImage, readImagesFixture, readImagesFixtureJson, readSentImageRequest, sseEvent } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { createOpenAIImageModel } from './openai-image-model.ts';

const startFake = fakeProviderPerTest();

/** A fake API answering with `handler`, and a model of `modelId` wired to it; sleeps are recorded, not slept. */
async function serve(modelId: string, handler: FakeHandler) {
  const { server, settings, sleeps } = await startFake(handler, { basePath: '/v1/', headers: { authorization: 'Bearer sk-test', 'openai-organization': 'org-test' } });
  return { model: createOpenAIImageModel(modelId, settings), requests: server.requests, sleeps };
}

const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions>) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const fixtureBase64 = (name: string, index = 0) => (readImagesFixtureJson(name) as { data: Array<{ b64_json: string }> }).data[index]?.b64_json;
const json = (name: string, status = 200, headers?: Record<string, string>) => ({ status, headers, json: readImagesFixtureJson(name) });

describe('createOpenAIImageModel: generations', () => {
  it('sends CreateImageRequest with the auth headers and maps three images, settings and usage', async () => {
    const { model, requests } = await serve('gpt-image-1.5', () => json('generations-gpt-image-1.5.json'));
    const result = await model.doGenerate(imageCallOptions({ prompt: 'three foxes', n: 3, size: '1024x1024', quality: 'medium', outputFormat: 'png', background: 'opaque', moderation: 'low' }));

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect([request?.method, request?.url]).toEqual(['POST', '/v1/images/generations']);
    expect(request?.headers).toMatchObject({ authorization: 'Bearer sk-test', 'openai-organization': 'org-test', 'content-type': 'application/json' });
    expect(request?.json()).toEqual({ model: 'gpt-image-1.5', prompt: 'three foxes', n: 3, size: '1024x1024', quality: 'medium', background: 'opaque', output_format: 'png', moderation: 'low' });

    expect([model.provider, model.modelId]).toEqual(['openai.images', 'gpt-image-1.5']);
    expect(result.images).toHaveLength(3);
    expect(result.images.map((image) => Buffer.from(image.data).toString('base64'))).toEqual([0, 1, 2].map((index) => fixtureBase64('generations-gpt-image-1.5.json', index)));
    expect(result.images.every((image) => image.mediaType === 'image/png' && image.revisedPrompt === undefined)).toBe(true);
    expect(result).toMatchObject({ size: '1024x1024', quality: 'medium', background: 'opaque', outputFormat: 'png', warnings: [] });
    expect(result.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 3168 });
  });

  it('rejects dall-e-3 with n=2 before sending anything', async () => {
    const { model, requests } = await serve('dall-e-3', () => json('generations-dall-e-3.json'));
    const error = await caught(generate(model, { n: 2 }));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error', message: 'dall-e-3 makes one image per request: n must be 1 (got 2).' });
    expect(requests).toHaveLength(0);
  });

  it('asks dall-e-3 for base64, keeps its revised prompt and measures the size it chose', async () => {
    const { model, requests } = await serve('dall-e-3', () => json('generations-dall-e-3.json'));
    const result = await generate(model, { prompt: 'a lighthouse', quality: 'high', size: 'auto', outputFormat: 'jpeg' });
    expect(requests[0]?.json()).toEqual({ model: 'dall-e-3', prompt: 'a lighthouse', n: 1, quality: 'hd', response_format: 'b64_json' });
    expect(result.images[0]?.revisedPrompt).toMatch(/^A tall white lighthouse/);
    expect(result).toMatchObject({ size: '1024x1024', quality: 'high', background: 'opaque', outputFormat: 'png' });
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'outputFormat' })]);
  });
});

describe('createOpenAIImageModel: edits', () => {
  const input = async () => ({ data: await encodeFakeImage(1024, 1536, 'png', 1), mediaType: 'image/png' });

  it('sends the images, the mask and the settings as multipart and maps the answer', async () => {
    const { model, requests } = await serve('gpt-image-1.5', () => json('edits-gpt-image-1.5.json'));
    const [first, second] = [await input(), { data: await encodeFakeImage(512, 512, 'jpeg', 2), mediaType: 'image/jpeg' }];
    const mask = { data: await encodeFakeImage(1024, 1536, 'png', 3), mediaType: 'image/png' };
    const result = await model.doGenerate(
      imageCallOptions({ prompt: 'put the fox in a basket', images: [first, second], mask, size: '1024x1536', quality: 'high', outputFormat: 'jpeg', outputCompression: 80, inputFidelity: 'high', moderation: 'low' }),
    );

    const [request] = requests;
    expect([request?.method, request?.url]).toEqual(['POST', '/v1/images/edits']);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    if (request === undefined) throw new Error('no request');
    const sent = await readSentImageRequest(request);
    expect(sent.fields).toEqual({ model: 'gpt-image-1.5', prompt: 'put the fox in a basket', n: '1', size: '1024x1536', quality: 'high', output_format: 'jpeg', output_compression: '80', input_fidelity: 'high' });
    expect(sent.files.map((file) => [file.name, file.filename, file.type])).toEqual([
      ['image[]', 'image-1.png', 'image/png'],
      ['image[]', 'image-2.jpg', 'image/jpeg'],
      ['mask', 'mask.png', 'image/png'],
    ]);
    expect(sent.files.map((file) => file.data.equals(Buffer.from(file.name === 'mask' ? mask.data : file.filename === 'image-1.png' ? first.data : second.data)))).toEqual([true, true, true]);

    expect(result).toMatchObject({ size: '1024x1536', quality: 'high', outputFormat: 'jpeg', background: 'opaque' });
    expect(result.images[0]?.mediaType).toBe('image/jpeg');
    expect((await sharp(result.images[0]?.data).metadata()).format).toBe('jpeg');
    expect(result.usage).toEqual({ inputTokens: 341, inputTextTokens: 18, inputImageTokens: 323, outputTokens: 6240 });
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'moderation' })]);
  });

  it('streams edit partial images from image_edit events', async () => {
    const { model, requests } = await serve('gpt-image-1', () => ({ chunks: splitIntoChunks(readImagesFixture('edits-stream-gpt-image-1.5.sse'), 11) }));
    const partials: ImageModelPartialImage[] = [];
    const result = await generate(model, { images: [await input()], partialImages: 1, onPartialImage: (partial) => void partials.push(partial) });
    if (requests[0] === undefined) throw new Error('no request');
    expect((await readSentImageRequest(requests[0])).fields).toMatchObject({ stream: 'true', partial_images: '1' });
    expect(partials.map((partial) => partial.index)).toEqual([0]);
    expect(result).toMatchObject({ size: '1536x1024', quality: 'low' });
  });
});

describe('createOpenAIImageModel: streaming', () => {
  it('delivers partial images split across chunks, then the completed image and usage', async () => {
    const stream = readImagesFixture('generations-stream-gpt-image-1.5.sse');
    const { model, requests } = await serve('gpt-image-1.5', () => ({ chunks: splitIntoChunks(stream, 11) }));
    const partials: ImageModelPartialImage[] = [];
    const result = await model.doGenerate(
      imageCallOptions({ partialImages: 2, onPartialImage: async (partial) => void partials.push(partial) }),
    );
    expect(requests[0]?.json()).toEqual({ model: 'gpt-image-1.5', prompt: 'a lighthouse on a cliff at dusk', n: 1, stream: true, partial_images: 2 });
    expect(partials.map((partial) => partial.index)).toEqual([0, 1]);
    for (const partial of partials) expect((await sharp(partial.data).metadata()).format).toBe('png');
    expect(result.images).toHaveLength(1);
    expect(result).toMatchObject({ size: '1024x1024', quality: 'medium', outputFormat: 'png', background: 'opaque' });
    expect(result.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 1256 });
  });

  it('is a ProviderError invalid_response when the stream is cut off', async () => {
    const stream = readImagesFixture('generations-stream-gpt-image-1.5.sse');
    const cut = stream.slice(0, stream.indexOf('event: image_generation.completed') + 200);
    const { model } = await serve('gpt-image-1.5', () => ({ chunks: splitIntoChunks(cut, 4096), destroyAfter: true }));
    const partials: number[] = [];
    const error = await caught(generate(model, { partialImages: 2, onPartialImage: (partial) => void partials.push(partial.index) }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(partials).toEqual([0, 1]);
  });

  it('is a ProviderError invalid_response when the stream ends without a completed event', async () => {
    const { model } = await serve('gpt-image-1.5', () => ({ chunks: [sseEvent({ type: 'image_generation.partial_image', b64_json: 'AAAA', partial_image_index: 0 })] }));
    await expect(generate(model, { partialImages: 1, onPartialImage: () => undefined })).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'openai.images stream ended without a completed image' });
  });

  it('warns when a server answers JSON although a stream was asked for', async () => {
    const { model } = await serve('gpt-image-1.5', () => json('generations-gpt-image-1.5.json'));
    const partials: number[] = [];
    const result = await generate(model, { n: 3, partialImages: 2, onPartialImage: (partial) => void partials.push(partial.index) });
    expect(partials).toEqual([]);
    expect(result.images).toHaveLength(3);
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'partialImages' })]);
  });
});

describe('createOpenAIImageModel: errors', () => {
  it('maps a moderation refusal to moderation_blocked without retrying', async () => {
    for (const fixture of ['error-moderation-blocked.json', 'error-content-policy-violation.json']) {
      const { model, requests } = await serve('gpt-image-1.5', () => json(fixture, 400));
      const error = await caught(generate(model, {}));
      expect(error).toBeInstanceOf(ImageGenerationError);
      expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
      expect((error as Error).cause).toBeInstanceOf(ProviderError);
      expect(requests).toHaveLength(1);
      }
  });

  it("maps other 400s to a user error carrying OpenAI's code", async () => {
    const { model } = await serve('some-new-image-model', () => json('error-invalid-size.json', 400));
    await expect(generate(model, { size: '1000x1000' })).rejects.toMatchObject({ name: 'ImageGenerationError', code: 'invalid_value', type: 'image_generation_user_error', message: expect.stringContaining("Invalid value: '1000x1000'") });
  });

  it('keeps a 401 a ProviderError and does not retry it', async () => {
    const { model, requests } = await serve('gpt-image-1.5', () => json('error-invalid-api-key.json', 401));
    await expect(generate(model, {})).rejects.toMatchObject({ name: 'ProviderError', status: 401, isRetryable: false });
    expect(requests).toHaveLength(1);
  });

  it('waits as long as Retry-After says on a 429, then resends the same multipart edit', async () => {
    const { model, requests, sleeps } = await serve('gpt-image-1.5', (_request, index) => (index === 0 ? json('error-rate-limit.json', 429, { 'retry-after': '12' }) : json('edits-gpt-image-1.5.json')));
    const result = await generate(model, { images: [{ data: await encodeFakeImage(64, 64, 'png', 1), mediaType: 'image/png' }] });
    expect(result.images).toHaveLength(1);
    expect(sleeps).toEqual([12_000]);
    expect(requests).toHaveLength(2);
    const [first, second] = await Promise.all(requests.map((request) => readSentImageRequest(request)));
    expect(second?.fields).toEqual(first?.fields);
    expect(second?.files.map((file) => file.data.length)).toEqual(first?.files.map((file) => file.data.length));
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const { model, requests, sleeps } = await serve('gpt-image-1.5', (_request, index) => (index === 0 ? json('error-server-error.json', 500) : json('generations-gpt-image-1.5.json')));
    await expect(generate(model, { n: 3 })).resolves.toMatchObject({ size: '1024x1024' });
    expect([requests.length, sleeps]).toEqual([2, [500]]);
  });

  it('gives up on repeated 500s with a retryable ProviderError', async () => {
    const { model, requests } = await serve('gpt-image-1.5', () => json('error-server-error.json', 500));
    await expect(generate(model, {})).rejects.toMatchObject({ name: 'ProviderError', status: 500, isRetryable: true });
    expect(requests).toHaveLength(3);
  });

  it('is a ProviderError invalid_response for malformed JSON', async () => {
    const { model } = await serve('gpt-image-1.5', () => ({ headers: { 'content-type': 'application/json' }, body: '{"created": 1, "data": [{"b64_json": "iVBOR' }));
    await expect(generate(model, {})).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'openai.images sent malformed JSON' });
  });

  it('rejects with the abort reason when aborted while waiting for the answer', async () => {
    const hanging = hangingHandler();
    const { model } = await serve('gpt-image-1.5', hanging.handler);
    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = generate(model, { abortSignal: controller.signal });
    await hanging.arrived;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
