import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type FakeHandler, type RecordedRequest } from '../../../test/support/fake-http-server.ts';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest, hangingHandler } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { decodeRgba, gradientPng, leftHalfKeptMask, onlyImage } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import type { ImageModel, ImageModelCallOptions } from '../spec/image-model.ts';
import { readSentForm, readStabilityFixture, renderStabilityReply } from '../../../test/kits/providers/stability/stability-image-fake-server.ts';
import { createStabilityImageModel } from './stability-image-model.ts';

const startFake = fakeProviderPerTest();

/** A fake Stability API answering with `handler`, and a model wired to it; sleeps are recorded, not slept. */
async function serve(handler: FakeHandler, modelId = 'stable-image-ultra') {
  const { server, settings, sleeps } = await startFake(handler, { headers: { authorization: 'Bearer sk-stability-test' } });
  return { model: createStabilityImageModel(modelId, settings), requests: server.requests, sleeps };
}

const render: FakeHandler = (request, index) => renderStabilityReply(request, index + 1);
const fixture = (name: string, status = 200, headers?: Record<string, string>) => ({ status, headers, json: readStabilityFixture(name) });
const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions> = {}) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const formOf = (request: RecordedRequest | undefined) => {
  if (request === undefined) throw new Error('no request was sent');
  return readSentForm(request);
};

describe('createStabilityImageModel: generation', () => {
  it('posts multipart to the model’s endpoint with the key and Accept: application/json, and maps the answer', async () => {
    const { model, requests } = await serve(() => fixture('generate-ultra.json'));
    const result = await model.doGenerate(imageCallOptions({ prompt: 'a lighthouse at dusk', size: '1024x1024', seed: 42 }));

    const [request] = requests;
    if (request === undefined) throw new Error('no request');
    expect([request.method, request.url]).toEqual(['POST', '/v2beta/stable-image/generate/ultra']);
    expect(request.headers).toMatchObject({ authorization: 'Bearer sk-stability-test', accept: 'application/json' });
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(await readSentForm(request)).toEqual({ fields: { prompt: 'a lighthouse at dusk', aspect_ratio: '1:1', seed: '42', output_format: 'png' }, files: {} });

    expect([model.provider, model.modelId]).toEqual(['stability', 'stable-image-ultra']);
    const recorded = readStabilityFixture('generate-ultra.json') as { image: string };
    expect(Buffer.from(onlyImage(result).data).toString('base64')).toBe(recorded.image);
    expect(result).toMatchObject({ size: '1024x1024', quality: 'high', outputFormat: 'png', background: 'opaque', usage: undefined, warnings: [] });
  });

  it('sends SD3 models to the sd3 endpoint with their model field', async () => {
    const { model, requests } = await serve(render, 'sd3.5-large-turbo');
    await generate(model, { outputFormat: 'jpeg' });
    expect(requests[0]?.url).toBe('/v2beta/stable-image/generate/sd3');
    expect((await formOf(requests[0])).fields).toEqual({ prompt: 'a lighthouse on a cliff at dusk', model: 'sd3.5-large-turbo', output_format: 'jpeg' });
  });

  it('n=2: two requests with seed and seed + 1, each resized to the exact size and format', async () => {
    const { model, requests } = await serve(render, 'stable-image-core');
    const result = await generate(model, { n: 2, size: '1024x1536', outputFormat: 'webp', seed: 7 });
    const forms = await Promise.all(requests.map(readSentForm));
    expect(forms.map((form) => form.fields)).toEqual([
      { prompt: 'a lighthouse on a cliff at dusk', aspect_ratio: '2:3', seed: '7', output_format: 'png' },
      { prompt: 'a lighthouse on a cliff at dusk', aspect_ratio: '2:3', seed: '8', output_format: 'png' },
    ]);
    for (const image of result.images) {
      const metadata = await sharp(image.data).metadata();
      expect([image.mediaType, metadata.format, metadata.width, metadata.height]).toEqual(['image/webp', 'webp', 1024, 1536]);
    }
    expect(result.warnings).toEqual([{ type: 'other', setting: 'size', message: 'stable-image-core made 832x1216; the image was resized to 1024x1536.' }]);
  });

  it('asks SD3 for png and converts when webp is wanted', async () => {
    const { model, requests } = await serve(render, 'sd3.5-medium');
    const result = await generate(model, { outputFormat: 'webp' });
    expect((await formOf(requests[0])).fields.output_format).toBe('png');
    expect((await sharp(onlyImage(result).data).metadata()).format).toBe('webp');
  });

  it('reads raw image bytes when a proxy answers image/*', async () => {
    const { model } = await serve(async () => ({ headers: { 'content-type': 'image/png', 'finish-reason': 'SUCCESS', seed: '3' }, body: await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).png().toBuffer() }));
    expect(await generate(model)).toMatchObject({ size: '64x64', outputFormat: 'png' });
  });
});

describe('createStabilityImageModel: edits', () => {
  it('inpaints through /edit/inpaint with the mask converted to white = edit', async () => {
    const { model, requests } = await serve(render, 'stable-image-core');
    const base = { data: await gradientPng(96, 64), mediaType: 'image/png' };
    const mask = { data: await leftHalfKeptMask(96, 64), mediaType: 'image/png' };
    const result = await model.doGenerate(imageCallOptions({ prompt: 'a red wall on the right', images: [base], mask, seed: 11 }));

    const [request] = requests;
    if (request === undefined) throw new Error('no request');
    expect(request.url).toBe('/v2beta/stable-image/edit/inpaint');
    const sent = await readSentForm(request);
    expect(sent.fields).toEqual({ prompt: 'a red wall on the right', seed: '11', output_format: 'png' });
    expect([sent.files.image?.filename, sent.files.image?.type, sent.files.image?.data.equals(Buffer.from(base.data))]).toEqual(['image.png', 'image/png', true]);
    expect([sent.files.mask?.filename, sent.files.mask?.type]).toEqual(['mask.png', 'image/png']);

    // The converted mask: black (keep) where OpenAI's alpha was 255, white (edit) where it was 0.
    const { data: maskPixels, info } = await sharp(sent.files.mask?.data).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([96, 64]);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 96; x++) expect(maskPixels[y * 96 + x]).toBe(x < 48 ? 0 : 255);
    }

    // The fake paints white mask pixels red: only the right half is red.
    const after = await decodeRgba(onlyImage(result).data);
    const at = (x: number, y: number) => [...after.data.subarray((y * 96 + x) * 4, (y * 96 + x) * 4 + 3)];
    expect(at(70, 10)).toEqual([255, 0, 0]);
    expect(at(10, 10)).not.toEqual([255, 0, 0]);
    expect(result.size).toBe('96x64');
  });

  it('edits without a mask by image-to-image: Ultra with strength, SD3 with mode', async () => {
    const image = { data: await gradientPng(64, 64), mediaType: 'image/png' };
    const ultra = await serve(render, 'stable-image-ultra');
    await generate(ultra.model, { images: [image], inputFidelity: 'high' });
    const ultraForm = await formOf(ultra.requests[0]);
    expect(ultra.requests[0]?.url).toBe('/v2beta/stable-image/generate/ultra');
    expect(ultraForm.fields).toEqual({ prompt: 'a lighthouse on a cliff at dusk', strength: '0.35', output_format: 'png' });
    expect(Object.keys(ultraForm.files)).toEqual(['image']);

    const sd3 = await serve(render, 'sd3.5-large');
    await generate(sd3.model, { images: [image] });
    expect((await formOf(sd3.requests[0])).fields).toEqual({ prompt: 'a lighthouse on a cliff at dusk', model: 'sd3.5-large', mode: 'image-to-image', strength: '0.5', output_format: 'png' });
  });

  it('refuses a Core edit without a mask before sending anything', async () => {
    const { model, requests } = await serve(render, 'stable-image-core');
    const error = await caught(generate(model, { images: [{ data: await gradientPng(64, 64), mediaType: 'image/png' }] }));
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect(requests).toHaveLength(0);
  });
});

describe('createStabilityImageModel: failures', () => {
  it('403 content_moderation is moderation_blocked and is not retried', async () => {
    const { model, requests } = await serve(() => fixture('error-content-moderation.json', 403));
    const error = await caught(generate(model));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
    expect(requests).toHaveLength(1);
  });

  it('a CONTENT_FILTERED answer is moderation_blocked, not a blurred image', async () => {
    const { model } = await serve(() => fixture('generate-content-filtered.json'));
    expect(await caught(generate(model))).toMatchObject({ code: 'moderation_blocked' });
  });

  it('a 400 is invalid_request', async () => {
    const { model, requests } = await serve(() => fixture('error-bad-request.json', 400));
    expect(await caught(generate(model))).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^aspect_ratio/) });
    expect(requests).toHaveLength(1);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const { model, requests, sleeps } = await serve((request, index) => (index === 0 ? fixture('error-rate-limit.json', 429, { 'retry-after': '60' }) : render(request, index)));
    await expect(generate(model)).resolves.toMatchObject({ size: '1024x1024' });
    expect([requests.length, sleeps]).toEqual([2, [60_000]]);
    // The multipart body was sent again, whole.
    expect((await formOf(requests[1])).fields.prompt).toBe('a lighthouse on a cliff at dusk');
  });

  it('retries a 500 with backoff, then succeeds; gives up with a ProviderError', async () => {
    const retried = await serve((request, index) => (index === 0 ? fixture('error-internal.json', 500) : render(request, index)));
    await expect(generate(retried.model)).resolves.toMatchObject({ images: [expect.anything()] });
    expect(retried.sleeps).toEqual([500]);
    const failing = await serve(() => fixture('error-internal.json', 500));
    const error = await caught(generate(failing.model));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 500, isRetryable: true });
    expect(failing.requests).toHaveLength(3);
  });

  it('retries a connection reset', async () => {
    const { model, requests } = await serve((request, index) => (index === 0 ? { reset: true } : render(request, index)));
    await expect(generate(model)).resolves.toMatchObject({ size: '1024x1024' });
    expect(requests).toHaveLength(2);
  });

  it('malformed JSON is a non-retryable invalid_response', async () => {
    const { model, requests } = await serve(() => ({ headers: { 'content-type': 'application/json' }, body: '{"image": "iVBOR' }));
    expect(await caught(generate(model))).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(requests).toHaveLength(1);
  });

  it('aborting mid-call rejects with the caller’s reason', async () => {
    const hanging = hangingHandler();
    const { model } = await serve(hanging.handler);
    const controller = new AbortController();
    const reason = new Error('client went away');
    const call = generate(model, { abortSignal: controller.signal });
    await hanging.arrived;
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it('an unknown model id is invalid_request', async () => {
    const { model, requests } = await serve(render, 'stable-diffusion-v1-6');
    expect(await caught(generate(model))).toMatchObject({ code: 'invalid_request' });
    expect(requests).toHaveLength(0);
  });
});
