/**
 * The behaviour every ImageModel adapter must show, run from each adapter's own test file:
 * `runImageModelContract({ name: 'openai', create: () => createOpenAiImageModel(fakeSettings) })`.
 * Not a `*.test.ts` file itself, so it only runs through an adapter.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ImageModel, ImageModelCallOptions, ImageModelPartialImage } from '../../../../src/providers/spec/image-model.ts';

export interface ImageModelContractOptions {
  readonly name: string;
  /** A fresh model per test, wired to whatever local fake the adapter needs. */
  readonly create: () => ImageModel;
  /** False for backends that cannot stream previews: they must warn and call back zero times. */
  readonly supportsPartialImages?: boolean;
}

/** Call options with every field present, as the spec demands, and the given ones overridden. */
export function imageCallOptions(overrides: Partial<ImageModelCallOptions> = {}): ImageModelCallOptions {
  return {
    prompt: 'a lighthouse on a cliff at dusk',
    n: 1,
    size: undefined,
    quality: undefined,
    outputFormat: undefined,
    outputCompression: undefined,
    background: undefined,
    moderation: undefined,
    inputFidelity: undefined,
    partialImages: undefined,
    images: [],
    mask: undefined,
    seed: undefined,
    abortSignal: new AbortController().signal,
    onPartialImage: undefined,
    ...overrides,
  };
}

export function runImageModelContract({ name, create, supportsPartialImages = true }: ImageModelContractOptions): void {
  describe(`${name}: ImageModel contract`, () => {
    it('names its provider and model', () => {
      const model = create();
      expect(model.provider).toMatch(/\S/);
      expect(model.modelId).toMatch(/\S/);
    });

    it('returns n images of the requested size and format, decodable by sharp', async () => {
      const result = await create().doGenerate(imageCallOptions({ n: 2, size: '1024x1536', outputFormat: 'jpeg', quality: 'low' }));
      expect(result.images).toHaveLength(2);
      for (const image of result.images) {
        expect(image.mediaType).toBe('image/jpeg');
        const metadata = await sharp(image.data).metadata();
        expect(metadata.format).toBe('jpeg');
        expect([metadata.width, metadata.height]).toEqual([1024, 1536]);
      }
      expect(result.size).toBe('1024x1536');
      expect(result.outputFormat).toBe('jpeg');
    });

    it('reports the settings it resolved from auto and defaults', async () => {
      const result = await create().doGenerate(imageCallOptions({ size: 'auto', quality: 'auto', background: 'auto' }));
      expect(result.images).toHaveLength(1);
      expect(['low', 'medium', 'high']).toContain(result.quality);
      expect(['opaque', 'transparent']).toContain(result.background);
      expect(result.outputFormat).toBe('png');
      const [image] = result.images;
      if (image === undefined) throw new Error('no image');
      expect(image.mediaType).toBe('image/png');
      const metadata = await sharp(image.data).metadata();
      expect(metadata.format).toBe('png');
      expect(result.size).toBe(`${metadata.width}x${metadata.height}`);
    });

    it('rejects with the reason of an already aborted signal', async () => {
      const controller = new AbortController();
      const reason = new Error('client went away');
      controller.abort(reason);
      await expect(create().doGenerate(imageCallOptions({ abortSignal: controller.signal }))).rejects.toBe(reason);
    });

    if (!supportsPartialImages) {
      it('warns that partial images are unsupported and never calls back', async () => {
        const partials: ImageModelPartialImage[] = [];
        const result = await create().doGenerate(imageCallOptions({ partialImages: 2, onPartialImage: (partial) => void partials.push(partial) }));
        expect(partials).toHaveLength(0);
        expect(result.warnings).toContainEqual(expect.objectContaining({ setting: 'partialImages' }));
      });
      return;
    }

    it('calls onPartialImage exactly partialImages times per image, indexed from 0, same format and size', async () => {
      const partials: ImageModelPartialImage[] = [];
      const result = await create().doGenerate(
        imageCallOptions({ size: '1024x1024', partialImages: 2, onPartialImage: (partial) => void partials.push(partial) }),
      );
      expect(result.images).toHaveLength(1);
      expect(partials.map((partial) => partial.index)).toEqual([0, 1]);
      for (const partial of partials) {
        const metadata = await sharp(partial.data).metadata();
        expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1024, 1024]);
      }
    });

    it('awaits onPartialImage: a rejected callback fails the call', async () => {
      const failure = new Error('sink closed');
      const call = create().doGenerate(imageCallOptions({ partialImages: 1, onPartialImage: () => Promise.reject(failure) }));
      await expect(call).rejects.toBe(failure);
    });

    it('stops between stages when the signal is aborted mid-call', async () => {
      const controller = new AbortController();
      const reason = new Error('cancelled');
      let calls = 0;
      const call = create().doGenerate(
        imageCallOptions({
          partialImages: 3,
          abortSignal: controller.signal,
          onPartialImage: () => {
            calls += 1;
            controller.abort(reason);
          },
        }),
      );
      await expect(call).rejects.toBe(reason);
      expect(calls).toBe(1);
    });
  });
}
