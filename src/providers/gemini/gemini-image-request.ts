import { loadSharp } from '../../media/load-sharp.ts';
import { DECODE_LIMIT } from '../shared/image/decode-limit.ts';
import { decodeOrThrow } from '../shared/image/decode-image.ts';
import { type PixelSize, nearestAspectRatio } from '../shared/image/pixel-size.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import type { GeminiImageModelCapabilities } from './gemini-image-capabilities.ts';
import { type GoogleImageSizeTier, pickImageSizeTier } from './gemini-image-size.ts';
import type { GeminiGenerateContentBody } from './gemini-image-wire.ts';

/** What we ask of the model's shape: sent as `imageConfig`; the exact size is ours to make. */
export interface GeminiImageShape {
  readonly aspectRatio: string | undefined;
  readonly imageSize: GoogleImageSizeTier | undefined;
}

export interface InlineImage {
  readonly mimeType: string;
  /** base64 */
  readonly data: string;
}

/** The ratio closest to the size we must deliver and the tier that needs no upscaling. */
export function planGeminiImageShape(capabilities: GeminiImageModelCapabilities, target: PixelSize | undefined): GeminiImageShape {
  if (target === undefined || capabilities.aspectRatios.length === 0) return { aspectRatio: undefined, imageSize: undefined };
  return { aspectRatio: nearestAspectRatio(target, capabilities.aspectRatios), imageSize: pickImageSizeTier(target, capabilities.imageSizes) };
}

/** One generateContent request: the prompt, then the input images (the one to edit first). */
export function buildGeminiImageBody(options: {
  readonly prompt: string;
  readonly images: ReadonlyArray<InlineImage>;
  readonly capabilities: GeminiImageModelCapabilities;
  readonly shape: GeminiImageShape;
  readonly seed: number | undefined;
}): GeminiGenerateContentBody {
  const { aspectRatio, imageSize } = options.shape;
  const generationConfig: GeminiGenerateContentBody['generationConfig'] = { responseModalities: options.capabilities.responseModalities };
  if (aspectRatio !== undefined || imageSize !== undefined) {
    generationConfig.imageConfig = {};
    if (aspectRatio !== undefined) generationConfig.imageConfig.aspectRatio = aspectRatio;
    if (imageSize !== undefined) generationConfig.imageConfig.imageSize = imageSize;
  }
  if (options.seed !== undefined) generationConfig.seed = options.seed;
  const imageParts = options.images.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } }));
  return { contents: [{ role: 'user', parts: [{ text: options.prompt }, ...imageParts] }], generationConfig };
}

// The image MIME types Gemini reads inline (image-understanding guide); others are converted.
const acceptedMediaTypes = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif']);

/**
 * Input images as inline data. A type Gemini does not read (gif, avif, …), or a photo whose EXIF
 * orientation rotates it, is sent as upright png: a masked edit is laid back over the upright
 * pixels, so the model must see them the same way.
 */
export async function toInlineImages(images: ReadonlyArray<ImageModelInputImage>): Promise<InlineImage[]> {
  const sharp = await loadSharp();
  return Promise.all(
    images.map(async (image, index) => {
      const accepted = acceptedMediaTypes.has(image.mediaType);
      const orientation = await sharp(image.data)
        .metadata()
        .then((metadata) => metadata.orientation ?? 1)
        // sharp may lack a HEIF decoder; Gemini reads those itself.
        .catch(() => (accepted ? 1 : undefined));
      if (accepted && orientation === 1) return { mimeType: image.mediaType, data: Buffer.from(image.data).toString('base64') };
      const png = await decodeOrThrow(`image[${index}]`, () => sharp(image.data, DECODE_LIMIT).autoOrient().png().toBuffer());
      return { mimeType: 'image/png', data: png.toString('base64') };
    }),
  );
}

// generationConfig.seed is an int32.
const maxSeed = 2 ** 31 - 1;

/** Image `index` of a call uses `seed + index`, so n images from one seed differ but repeat. */
export function seedForImage(seed: number | undefined, index: number): number | undefined {
  if (seed === undefined || !Number.isInteger(seed) || seed < 0) return undefined;
  return (seed + index) % maxSeed;
}
