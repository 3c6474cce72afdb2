import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedRequest } from '../../../test/support/fake-http-server.ts';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions } from '../spec/image-model.ts';
import { defaultImageToImageWorkflow, defaultInpaintWorkflow, defaultTextToImageWorkflow } from './comfyui-default-workflows.ts';
import { type ComfyFake, type ComfyFakeOptions, readComfyFixture, readMultipart, startComfyFake } from '../../../test/kits/providers/comfyui/comfyui-fake-server.ts';
import { type ComfyUIImageModelOptions, createComfyUIImageModel } from './comfyui-image-model.ts';
import type { ComfyJson, ComfyWorkflow } from './comfyui-workflow.ts';

let fake: ComfyFake | undefined;
afterEach(async () => {
  await fake?.server.close();
  fake = undefined;
});

/** A fake ComfyUI and a model wired to it; waits are recorded on a fake clock, never slept. */
async function serve(fakeOptions: ComfyFakeOptions = {}, modelOptions: ComfyUIImageModelOptions = {}, settingsOverrides: { timeoutMillis?: number; maxRetries?: number } = {}) {
  fake = await startComfyFake(fakeOptions);
  const sleeps: number[] = [];
  let now = 0;
  const sleep = async (millis: number, signal: AbortSignal) => {
    signal.throwIfAborted();
    sleeps.push(millis);
    now += millis;
  };
  const settings = providerSettings({ baseURL: `${fake.server.url}/`, headers: { authorization: 'Bearer comfy-token' }, maxRetries: 0, timeoutMillis: 10_000, sleep, ...settingsOverrides });
  const model = createComfyUIImageModel(settings, { checkpoint: 'sd15.safetensors', clientId: 'client-1', pollIntervalMillis: 250, now: () => now, ...modelOptions });
  return { model, fake, sleeps, requests: fake.server.requests };
}

const generate = (model: ImageModel, overrides: Partial<ImageModelCallOptions>) => model.doGenerate(imageCallOptions(overrides));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const routes = (requests: RecordedRequest[]) => requests.map((request) => `${request.method} ${request.url}`);
const promptBody = (request: RecordedRequest | undefined) => request?.json() as { prompt: ComfyWorkflow; client_id: string };
type MutableGraph = Record<string, { class_type: string; inputs: Record<string, ComfyJson> }>;
const mutable = (graph: ComfyWorkflow) => structuredClone(graph) as MutableGraph;

describe('createComfyUIImageModel: generations', () => {
  it('binds the default workflow, follows it through two pending polls and downloads n=2 images', async () => {
    const { model, requests, sleeps } = await serve({ pendingPolls: 2 });
    const result = await generate(model, { prompt: 'two foxes', n: 2, size: '512x768', quality: 'low', outputFormat: 'webp', seed: 42 });

    expect(routes(requests)).toEqual([
      'POST /prompt',
      'GET /history/prompt-1',
      'GET /history/prompt-1',
      'GET /history/prompt-1',
      'GET /view?filename=imagegate_00001_.png&subfolder=&type=output',
      'GET /view?filename=imagegate_00002_.png&subfolder=&type=output',
    ]);
    expect(sleeps).toEqual([250, 250]);
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Bearer comfy-token', 'content-type': 'application/json' });
    const expected = mutable(defaultTextToImageWorkflow('sd15.safetensors').graph);
    Object.assign(expected['3']?.inputs ?? {}, { seed: 42, steps: 12 });
    Object.assign(expected['5']?.inputs ?? {}, { width: 512, height: 768, batch_size: 2 });
    Object.assign(expected['6']?.inputs ?? {}, { text: 'two foxes' });
    expect(promptBody(requests[0])).toEqual({ prompt: expected, client_id: 'client-1' });

    expect([model.provider, model.modelId]).toEqual(['comfyui', 'sd15.safetensors']);
    expect(result).toMatchObject({ size: '512x768', quality: 'low', outputFormat: 'webp', background: 'opaque', usage: undefined, warnings: [] });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      const metadata = await sharp(image.data).metadata();
      expect([image.mediaType, metadata.format, metadata.width, metadata.height]).toEqual(['image/webp', 'webp', 512, 768]);
    }
  });

  it('renders sizes that are not multiples of 8 at the nearest ones and resizes, saying so', async () => {
    const { model, fake: server } = await serve();
    const result = await generate(model, { size: '1000x750' });
    expect(server.prompts[0]?.['5']?.inputs).toMatchObject({ width: 1000, height: 752 });
    expect(result.size).toBe('1000x750');
    const metadata = await sharp(result.images[0]?.data).metadata();
    expect([metadata.width, metadata.height]).toEqual([1000, 750]);
    expect(result.warnings).toEqual([{ type: 'other', setting: 'size', message: 'ComfyUI rendered 1000x752; the images were resized to 1000x750.' }]);
  });

  it('runs a workflow without a batch binding once per image, seeds seed and seed + 1', async () => {
    const workflow = mutable(defaultTextToImageWorkflow('flux.safetensors').graph);
    const { model, fake: server } = await serve({}, { checkpoint: undefined, workflow, bindings: { prompt: ['6', 'text'], seed: ['3', 'seed'] } });
    const result = await generate(model, { n: 2, seed: 9, size: '1024x1024' });
    expect(model.modelId).toBe('workflow');
    expect(server.prompts.map((graph) => graph['3']?.inputs.seed)).toEqual([9, 10]);
    expect(server.prompts.map((graph) => graph['5']?.inputs.batch_size)).toEqual([1, 1]);
    expect(result.images).toHaveLength(2);
    // The workflow's own latent is 1024x1024 and no size is bound: no resize, no warning.
    expect(result.warnings).toEqual([]);
  });
});

describe('createComfyUIImageModel: edits', () => {
  const input = async () => ({ data: await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer(), mediaType: 'image/png' });
  /** OpenAI convention: the transparent left half is the region to edit. */
  const leftHalfMask = async () => {
    const pixels = Buffer.alloc(64 * 48 * 4, 255);
    for (let y = 0; y < 48; y++) for (let x = 0; x < 32; x++) pixels[(y * 64 + x) * 4 + 3] = 0;
    return { data: await sharp(pixels, { raw: { width: 64, height: 48, channels: 4 } }).png().toBuffer(), mediaType: 'image/png' };
  };

  it('uploads the input and a white-is-edit mask, and binds them into the inpaint workflow', async () => {
    const { model, requests, fake: server } = await serve();
    const result = await generate(model, { prompt: 'a red door', n: 2, images: [await input()], mask: await leftHalfMask(), seed: 5, size: 'auto' });

    expect(routes(requests).slice(0, 3)).toEqual(['POST /upload/image', 'POST /upload/image', 'POST /prompt']);
    const [imageParts, maskParts] = await Promise.all([readMultipart(requests[0] as RecordedRequest), readMultipart(requests[1] as RecordedRequest)]);
    const fields = (parts: typeof imageParts) => Object.fromEntries(parts.filter((part) => typeof part.value === 'string').map((part) => [part.name, part.value]));
    expect(fields(imageParts)).toEqual({ type: 'input', subfolder: 'imagegate', overwrite: 'true' });
    const imageFile = imageParts.find((part) => part.name === 'image')?.value;
    const maskFile = maskParts.find((part) => part.name === 'image')?.value;
    if (imageFile === undefined || typeof imageFile === 'string' || maskFile === undefined || typeof maskFile === 'string') throw new Error('no file parts');
    expect(imageFile).toMatchObject({ type: 'image/png', filename: expect.stringMatching(/^imagegate-image-[0-9a-f]{24}\.png$/) });
    expect(maskFile.filename).toMatch(/^imagegate-mask-[0-9a-f]{24}\.png$/);

    // The mask ComfyUI reads: left half white (repaint), right half black (keep).
    const mask = await sharp(maskFile.data).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([mask.info.width, mask.info.height]).toEqual([64, 48]);
    const row = (y: number) => Array.from(mask.data.subarray(y * 64, y * 64 + 64));
    for (const y of [0, 23, 47]) expect(row(y)).toEqual([...Array<number>(32).fill(255), ...Array<number>(32).fill(0)]);

    const expected = mutable(defaultInpaintWorkflow('sd15.safetensors').graph);
    Object.assign(expected['3']?.inputs ?? {}, { seed: 5 });
    Object.assign(expected['6']?.inputs ?? {}, { text: 'a red door' });
    Object.assign(expected['10']?.inputs ?? {}, { image: `imagegate/${imageFile.filename}` });
    Object.assign(expected['11']?.inputs ?? {}, { image: `imagegate/${maskFile.filename}` });
    Object.assign(expected['13']?.inputs ?? {}, { amount: 2 });
    expect(server.prompts[0]).toEqual(expected);
    expect(expected['11']?.inputs.channel).toBe('red');

    expect(result.size).toBe('64x48');
    expect(result.images).toHaveLength(2);
    expect(result.warnings).toEqual([]);
  });

  it('runs an unmasked edit through image-to-image with denoise from input_fidelity', async () => {
    const { model, requests, fake: server } = await serve();
    await generate(model, { images: [await input()], inputFidelity: 'high', size: '128x96' });
    expect(routes(requests).filter((route) => route.startsWith('POST'))).toEqual(['POST /upload/image', 'POST /prompt']);
    const graph = server.prompts[0];
    expect(Object.keys(graph ?? {}).sort()).toEqual(Object.keys(defaultImageToImageWorkflow('x').graph).sort());
    expect(graph?.['3']?.inputs.denoise).toBe(0.5);
    const uploaded = await sharp([...server.uploads.values()][0]).metadata();
    expect([uploaded.width, uploaded.height]).toEqual([128, 96]);
  });
});

describe('createComfyUIImageModel: failures', () => {
  const reply = (name: string, status = 200) => ({ status, json: readComfyFixture(name) });
  const promptId = '5f0b6a8e-2f7c-4b7e-9a57-1d3c2f0e9b41';

  it('turns node_errors on a checkpoint the server lacks into a non-retryable ProviderError, without polling', async () => {
    const { model, requests } = await serve({ override: (request) => (request.url === '/prompt' ? reply('prompt-error-checkpoint.json', 400) : undefined) });
    const error = await caught(generate(model, {}));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, isRetryable: false, message: expect.stringContaining('node 4 (CheckpointLoaderSimple): Value not in list') });
    expect(routes(requests)).toEqual(['POST /prompt']);
  });

  it('turns node_errors on a value the caller chose into invalid_request', async () => {
    const { model } = await serve({ override: (request) => (request.url === '/prompt' ? reply('prompt-error-seed-too-big.json', 400) : undefined) });
    const error = await caught(generate(model, { seed: 5_000_000_000 }));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_request' });
  });

  it('turns a history status error into a ProviderError naming the node and exception', async () => {
    const { model } = await serve({
      override: (request) => (request.url === '/prompt' ? reply('prompt-queued.json') : request.url.startsWith('/history/') ? reply('history-error.json') : undefined),
    });
    const error = await caught(generate(model, {}));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ isRetryable: false, message: `comfyui prompt ${promptId}: the run failed in node 3 (KSampler): torch.OutOfMemoryError: Allocation on device \nThis error means you ran out of memory on your GPU.` });
  });

  it('rejects with the abort reason when aborted while polling, and cancels the prompt on the server', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    const { requests } = await serve({ pendingPolls: 100 });
    const settings = providerSettings({ baseURL: fake?.server.url ?? '', maxRetries: 0 });
    const model = createComfyUIImageModel(settings, {
      pollIntervalMillis: 250,
      sleep: async (_millis, signal) => {
        controller.abort(reason);
        signal.throwIfAborted();
      },
    });
    await expect(generate(model, { abortSignal: controller.signal })).rejects.toBe(reason);
    await vi.waitFor(() => expect(routes(requests)).toContain('GET /queue'), { timeout: 5000 });
    const cancel = requests.find((request) => request.method === 'POST' && request.url === '/queue');
    expect(cancel?.json()).toEqual({ delete: ['prompt-1'] });
    // Not running (the fake's queue is empty), so nothing is interrupted.
    expect(routes(requests)).not.toContain('POST /interrupt');
  });

  it('interrupts the prompt when it is the one running', async () => {
    const controller = new AbortController();
    // Polls run back to back on the fake clock; a long budget keeps them from timing out before the abort lands.
    const { model, requests } = await serve(
      {
        override: (request) =>
          request.url === '/prompt' ? reply('prompt-queued.json') : request.method === 'GET' && request.url === '/queue' ? reply('queue-running.json') : request.url.startsWith('/history/') ? reply('history-pending.json') : undefined,
      },
      {},
      { timeoutMillis: 3_600_000 },
    );
    const call = generate(model, { abortSignal: controller.signal });
    await vi.waitFor(() => expect(routes(requests)).toContain(`GET /history/${promptId}`), { timeout: 5000 });
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
    await vi.waitFor(() => expect(routes(requests)).toContain('POST /interrupt'), { timeout: 5000 });
    expect(requests.find((request) => request.url === '/interrupt')?.json()).toEqual({ prompt_id: promptId });
  });

  it('gives up after settings.timeoutMillis of polling with a retryable timeout', async () => {
    const { model, sleeps } = await serve({ pendingPolls: 100 }, {}, { timeoutMillis: 1_000 });
    const error = await caught(generate(model, {}));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'timeout', isRetryable: true, message: 'comfyui prompt prompt-1 did not finish within 1000 ms (5 polls over 1000 ms)' });
    expect(sleeps).toEqual([250, 250, 250, 250]);
  });

  it('refuses malformed JSON from /history as invalid_response', async () => {
    const { model } = await serve({ override: (request) => (request.url.startsWith('/history/') ? { body: '{"prompt-1": {' } : undefined) });
    const error = await caught(generate(model, {}));
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'invalid_response', isRetryable: false, message: 'comfyui sent malformed JSON' });
  });

  it('retries a connection reset on /prompt and carries on', async () => {
    const { model, requests, sleeps } = await serve({ override: (request, index) => (index === 0 ? { reset: true } : undefined) }, {}, { maxRetries: 1 });
    const result = await generate(model, {});
    expect(result.images).toHaveLength(1);
    expect(routes(requests).slice(0, 2)).toEqual(['POST /prompt', 'POST /prompt']);
    expect(sleeps[0]).toBe(500);
  });

  it('rejects before sending anything when the signal is already aborted', async () => {
    const { model, requests } = await serve();
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(generate(model, { abortSignal: controller.signal })).rejects.toThrow('gone');
    expect(requests).toHaveLength(0);
  });
});
