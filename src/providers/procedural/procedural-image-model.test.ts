import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions, runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import type { ImageModelPartialImage } from '../spec/image-model.ts';
import { decodeRgba, meanColourDifference, onlyImage } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import { createProceduralImageModel } from './procedural-image-model.ts';

runImageModelContract({ name: 'procedural', create: () => createProceduralImageModel() });

const model = createProceduralImageModel();
const generate = (overrides: Parameters<typeof imageCallOptions>[0]) => model.doGenerate(imageCallOptions(overrides));

describe('createProceduralImageModel', () => {
  it('is provider procedural with a configurable model id', () => {
    expect([model.provider, model.modelId]).toEqual(['procedural', 'procedural']);
    expect(createProceduralImageModel({ modelId: 'procedural-v2' }).modelId).toBe('procedural-v2');
  });

  it('gives identical bytes for the same prompt and seed, in every format', async () => {
    for (const outputFormat of ['png', 'jpeg', 'webp'] as const) {
      const first = onlyImage(await generate({ prompt: 'red fox', seed: 7, size: '256x256', outputFormat }));
      const second = onlyImage(await generate({ prompt: 'red fox', seed: 7, size: '256x256', outputFormat }));
      expect(Buffer.from(first.data).equals(Buffer.from(second.data))).toBe(true);
    }
  });

  it('draws a different picture for a different prompt or seed', async () => {
    const base = await decodeRgba(onlyImage(await generate({ prompt: 'red fox', seed: 7, size: '256x256' })).data);
    const otherPrompt = await decodeRgba(onlyImage(await generate({ prompt: 'blue whale', seed: 7, size: '256x256' })).data);
    const otherSeed = await decodeRgba(onlyImage(await generate({ prompt: 'red fox', seed: 8, size: '256x256' })).data);
    expect(meanColourDifference(base, otherPrompt)).toBeGreaterThan(10);
    expect(meanColourDifference(base, otherSeed)).toBeGreaterThan(10);
  });

  it('makes n distinct images; image i uses seed + i', async () => {
    const result = await generate({ prompt: 'orchard', seed: 3, n: 3, size: '128x128' });
    const [first, second, third] = result.images.map((image) => Buffer.from(image.data));
    expect(first?.equals(second as Buffer)).toBe(false);
    expect(second?.equals(third as Buffer)).toBe(false);
    const seedFive = onlyImage(await generate({ prompt: 'orchard', seed: 5, size: '128x128' }));
    expect(third?.equals(Buffer.from(seedFive.data))).toBe(true);
  });

  it.each([
    [undefined, 1024, 1024],
    ['auto', 1024, 1024],
    ['1536x1024', 1536, 1024],
    ['512x768', 512, 768],
    ['1x1', 1, 1],
  ])('honours size %s exactly', async (size, width, height) => {
    const result = await generate({ size, quality: 'low' });
    const metadata = await sharp(onlyImage(result).data).metadata();
    expect([metadata.width, metadata.height]).toEqual([width, height]);
    expect(result.size).toBe(`${width}x${height}`);
  });

  it.each(['1024', '1024X1024', 'axb', '0x512', '512x0', '5000x512', '-5x5', ' 512x512'])('refuses size %j as invalid_request', async (size) => {
    const call = generate({ size });
    await expect(call).rejects.toBeInstanceOf(ImageGenerationError);
    await expect(call).rejects.toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
  });

  it.each([{ n: 0 }, { n: 1.5 }, { n: 11 }, { partialImages: 4 }, { outputCompression: 101 }])('refuses %j as invalid_request', async (overrides) => {
    await expect(generate(overrides)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('encodes %s', async (outputFormat, mediaType) => {
    const result = await generate({ outputFormat, size: '256x256' });
    const image = onlyImage(result);
    expect(image.mediaType).toBe(mediaType);
    expect((await sharp(image.data).metadata()).format).toBe(outputFormat);
    expect(result.outputFormat).toBe(outputFormat);
  });

  it.each(['png', 'webp'] as const)('keeps alpha for a transparent %s, with fully transparent background pixels', async (outputFormat) => {
    const result = await generate({ background: 'transparent', outputFormat, size: '256x256' });
    const data = onlyImage(result).data;
    expect((await sharp(data).metadata()).hasAlpha).toBe(true);
    const pixels = await decodeRgba(data);
    let transparentPixels = 0;
    let opaquePixels = 0;
    for (let offset = 3; offset < pixels.data.length; offset += 4) {
      if (pixels.data[offset] === 0) transparentPixels += 1;
      if (pixels.data[offset] === 255) opaquePixels += 1;
    }
    expect(transparentPixels).toBeGreaterThan(0);
    expect(opaquePixels).toBeGreaterThan(0);
    expect(result.background).toBe('transparent');
  });

  it.each([
    ['opaque', 'png'],
    ['auto', 'png'],
    [undefined, 'webp'],
    ['opaque', 'jpeg'],
  ] as const)('has no alpha channel for background %s as %s', async (background, outputFormat) => {
    const result = await generate({ background, outputFormat, size: '256x256' });
    const metadata = await sharp(onlyImage(result).data).metadata();
    expect([metadata.hasAlpha, metadata.channels]).toEqual([false, 3]);
    expect(result.background).toBe('opaque');
    expect(result.warnings).toEqual([]);
  });

  it('flattens transparent jpeg and says so', async () => {
    const result = await generate({ background: 'transparent', outputFormat: 'jpeg', size: '256x256' });
    expect((await sharp(onlyImage(result).data).metadata()).hasAlpha).toBe(false);
    expect(result.background).toBe('opaque');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'background' })]);
  });

  it.each(['jpeg', 'webp'] as const)('makes a smaller %s at compression 20 than at 100', async (outputFormat) => {
    const small = onlyImage(await generate({ outputFormat, outputCompression: 20, size: '512x512' }));
    const large = onlyImage(await generate({ outputFormat, outputCompression: 100, size: '512x512' }));
    expect(small.data.length).toBeLessThan(large.data.length * 0.6);
  });

  it('warns that png ignores output compression', async () => {
    const result = await generate({ outputFormat: 'png', outputCompression: 50, size: '64x64' });
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'outputCompression' })]);
  });

  it('resolves quality auto to medium and draws more detail at high quality', async () => {
    expect((await generate({ quality: 'auto', size: '64x64' })).quality).toBe('medium');
    expect((await generate({ quality: undefined, size: '64x64' })).quality).toBe('medium');
    const low = onlyImage(await generate({ quality: 'low', size: '512x512', seed: 1 }));
    const high = onlyImage(await generate({ quality: 'high', size: '512x512', seed: 1 }));
    // More shapes and strokes compress worse: a rough, deterministic proxy for "more detail".
    expect(high.data.length).toBeGreaterThan(low.data.length);
  });

  it('reports no token usage (it is priced per image) and a revised prompt', async () => {
    const result = await generate({ prompt: 'a fox', n: 2, quality: 'high', size: '1536x1024' });
    expect(result.usage).toBeUndefined();
    expect(result.images[0]?.revisedPrompt).toBe('a fox, rendered as a procedural abstract composition');
  });
});

describe('procedural partial images', () => {
  it.each([0, 1, 2, 3])('calls back %i times per image', async (partialImages) => {
    const partials: ImageModelPartialImage[] = [];
    const result = await generate({ partialImages, n: 2, size: '128x128', onPartialImage: (partial) => void partials.push(partial) });
    expect(result.images).toHaveLength(2);
    const indexes = Array.from({ length: partialImages }, (_, index) => index);
    expect(partials.map((partial) => partial.index)).toEqual([...indexes, ...indexes]);
  });

  it('refines each partial toward the final image, in the final format and size', async () => {
    const partials: ImageModelPartialImage[] = [];
    const result = await generate({ partialImages: 3, outputFormat: 'jpeg', size: '512x384', onPartialImage: (partial) => void partials.push(partial) });
    const final = await decodeRgba(onlyImage(result).data);
    const differences: number[] = [];
    for (const partial of partials) {
      const metadata = await sharp(partial.data).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 512, 384]);
      differences.push(meanColourDifference(await decodeRgba(partial.data), final));
    }
    expect(differences).toHaveLength(3);
    expect(differences[0]).toBeGreaterThan(differences[1] as number);
    expect(differences[1]).toBeGreaterThan(differences[2] as number);
    expect(differences[2]).toBeGreaterThan(0);
  });

  it('rejects with the abort reason when aborted inside a callback of the second image', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    let calls = 0;
    const call = generate({
      n: 2,
      partialImages: 1,
      size: '64x64',
      abortSignal: controller.signal,
      onPartialImage: () => {
        calls += 1;
        if (calls === 2) controller.abort(reason);
      },
    });
    await expect(call).rejects.toBe(reason);
    expect(calls).toBe(2);
  });
});
