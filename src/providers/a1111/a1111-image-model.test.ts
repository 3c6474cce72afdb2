import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeHttpServer, FakeReply, RecordedRequest } from '../../../test/support/fake-http-server.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions } from '../spec/image-model.ts';
import { readA1111Fixture, startA1111Fake } from '../../../test/kits/providers/a1111/a1111-fake-server.ts';
import { type A1111ImageModelOptions, createA1111ImageModel } from './a1111-image-model.ts';

let fake: FakeHttpServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake web UI and a model wired to it; retry waits are recorded, never slept. */
async function serve(modelId: string, override?: (request: RecordedRequest, index: number) => FakeReply | undefined, options?: A1111ImageModelOptions) {
  fake = await startA1111Fake(override);
  const sleeps: number[] = [];
  const settings = providerSettings({
    baseURL: `${fake.url}/`,
    headers: { authorization: 'Basic dXNlcjpwYXNz' },
    maxRetries: 2,
    timeoutMillis: 5_000,
    sleep: async (millis) => void sleeps.push(millis),
  });
  return { model: createA1111ImageModel(modelId, settings, options), requests: fake.requests, sleeps };
}

const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions>) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const fixture = (name: string, status = 200, headers?: Record<string, string>) => ({ status, headers, json: readA1111Fixture(name) });
const body = (request: RecordedRequest | undefined) => request?.json() as Record<string, unknown>;

describe('createA1111ImageModel: txt2img', () => {
  it('sends the batch to txt2img with the checkpoint override and maps the recorded answer', async () => {
    const { model, requests } = await serve('dreamshaper_8.safetensors', () => fixture('txt2img-response.json'));
    const prompt = 'a lighthouse on a cliff at dusk';
    const result = await generate(model, { prompt, n: 2, size: '512x768', quality: 'medium', outputFormat: 'jpeg', outputCompression: 80, seed: 42 });

    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /sdapi/v1/txt2img']);
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' });
    expect(body(requests[0])).toEqual({
      prompt,
      negative_prompt: '',
      width: 512,
      height: 768,
      steps: 20,
      seed: 42,
      batch_size: 2,
      n_iter: 1,
      save_images: false,
      send_images: true,
      override_settings: { sd_model_checkpoint: 'dreamshaper_8.safetensors' },
    });

    expect([model.provider, model.modelId]).toEqual(['a1111', 'dreamshaper_8.safetensors']);
    expect(result).toMatchObject({ size: '512x768', quality: 'medium', outputFormat: 'jpeg', background: 'opaque', usage: undefined, warnings: [] });
    expect(result.images.map((image) => image.revisedPrompt)).toEqual([`${prompt}, cinematic still, dramatic lighting`, `${prompt}, cinematic still, dramatic lighting`]);
    for (const image of result.images) {
      const metadata = await sharp(image.data).metadata();
      expect([image.mediaType, metadata.format, metadata.width, metadata.height]).toEqual(['image/jpeg', 'jpeg', 512, 768]);
    }
  });

  it('uses the loaded checkpoint for `default`, derives the seed, and resizes what it could not render exactly', async () => {
    const { model, requests } = await serve('default');
    const result = await generate(model, { prompt: 'a fox', size: '1000x750', quality: 'high' });
    expect(body(requests[0])).not.toHaveProperty('override_settings');
    expect(body(requests[0])).toMatchObject({ width: 1000, height: 752, steps: 30, seed: expect.any(Number) });
    const metadata = await sharp(result.images[0]?.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1000, 750]);
    expect(result.warnings).toEqual([{ type: 'other', setting: 'size', message: 'AUTOMATIC1111 rendered 1000x752; the images were resized to 1000x750.' }]);
  });
});

describe('createA1111ImageModel: img2img', () => {
  const input = async () => ({ data: await sharp({ create: { width: 96, height: 64, channels: 3, background: '#884422' } }).jpeg().toBuffer(), mediaType: 'image/jpeg' });
  /** OpenAI convention: the transparent top half is the region to edit. */
  const topHalfMask = async () => {
    const pixels = Buffer.alloc(96 * 64 * 4, 255);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 96; x++) pixels[(y * 96 + x) * 4 + 3] = 0;
    return { data: await sharp(pixels, { raw: { width: 96, height: 64, channels: 4 } }).png().toBuffer(), mediaType: 'image/png' };
  };

  it('sends the input and a white-is-inpaint mask at the input size and denoising from input_fidelity', async () => {
    const { model, requests } = await serve('default');
    const result = await generate(model, { prompt: 'a red door', images: [await input()], mask: await topHalfMask(), size: 'auto', inputFidelity: 'high', seed: 7 });

    expect(requests.map((request) => request.url)).toEqual(['/sdapi/v1/img2img']);
    const sent = body(requests[0]) as { init_images: string[]; mask: string } & Record<string, unknown>;
    expect(sent).toMatchObject({ width: 96, height: 64, batch_size: 1, seed: 7, denoising_strength: 0.5, inpainting_mask_invert: 0, inpainting_fill: 1, resize_mode: 0 });
    const init = await sharp(Buffer.from(sent.init_images[0] ?? '', 'base64')).metadata();
    expect([init.format, init.width, init.height]).toEqual(['png', 96, 64]);

    const mask = await sharp(Buffer.from(sent.mask, 'base64')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([mask.info.width, mask.info.height]).toEqual([96, 64]);
    const column = Array.from({ length: 64 }, (_, y) => mask.data[y * 96 + 50]);
    expect(column).toEqual([...Array<number>(32).fill(255), ...Array<number>(32).fill(0)]);

    expect(result.size).toBe('96x64');
    expect(result.images).toHaveLength(1);
  });

  it('edits without a mask with the default denoising and no mask fields', async () => {
    const { model, requests } = await serve('default');
    await generate(model, { images: [await input()], size: '512x512' });
    const sent = body(requests[0]);
    expect(sent).toMatchObject({ width: 512, height: 512, denoising_strength: 0.75 });
    expect(sent).not.toHaveProperty('mask');
  });
});

describe('createA1111ImageModel: failures', () => {
  it('retries a 500 and succeeds on the next attempt', async () => {
    const { model, requests, sleeps } = await serve('default', (_request, index) => (index === 0 ? fixture('error-out-of-memory.json', 500) : undefined));
    const result = await generate(model, {});
    expect(result.images).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const { model, sleeps } = await serve('default', (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '7' }, json: { detail: 'Too Many Requests' } } : undefined));
    await generate(model, {});
    expect(sleeps).toEqual([7000]);
  });

  it('gives up after the retries with the server\'s own words', async () => {
    const { model, requests } = await serve('default', () => fixture('error-out-of-memory.json', 500));
    const error = await caught(generate(model, {}));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 500, isRetryable: true, message: expect.stringMatching(/^a1111 answered 500: OutOfMemoryError: CUDA out of memory/) });
    expect(requests).toHaveLength(3);
  });

  it('says to start the web UI with --api on a bare 404, without retrying', async () => {
    const { model, requests } = await serve('default', () => fixture('error-api-not-enabled.json', 404));
    const error = await caught(generate(model, {}));
    expect(error).toMatchObject({ name: 'ProviderError', status: 404, message: 'a1111 has no /sdapi/v1/txt2img: start the web UI with --api (answered 404 Not Found)' });
    expect(requests).toHaveLength(1);
  });

  it('refuses malformed JSON as a non-retryable invalid_response', async () => {
    const { model } = await serve('default', () => ({ headers: { 'content-type': 'application/json' }, body: '{"images": ["iVBOR' }));
    const error = await caught(generate(model, {}));
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'invalid_response', isRetryable: false, message: 'a1111 sent malformed JSON' });
  });

  it('retries a connection reset', async () => {
    const { model, requests, sleeps } = await serve('default', (_request, index) => (index === 0 ? { reset: true } : undefined));
    await generate(model, {});
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it('rejects with the abort reason while the request runs', async () => {
    const { model, requests } = await serve('default', () => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('client went away');
    const call = generate(model, { abortSignal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1), { timeout: 5000 });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
