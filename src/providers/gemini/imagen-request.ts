import { type PixelSize, nearestAspectRatio } from '../shared/image/pixel-size.ts';
import { pickImageSizeTier } from './gemini-image-size.ts';
import type { ImagenModelCapabilities } from './imagen-capabilities.ts';
import type { ImagenPredictBody } from './imagen-wire.ts';

/**
 * One predict request for `sampleCount` images. Without a size the model's default (1:1, 1K) is
 * used. Not sent on purpose: personGeneration (Google's default, allow_adult, applies),
 * outputOptions (png is the default and our re-encode starts from lossless pixels), and seed,
 * negativePrompt, addWatermark, enhancePrompt, which the Gemini API rejects for Imagen.
 */
export function buildImagenPredictBody(options: {
  readonly prompt: string;
  readonly sampleCount: number;
  readonly capabilities: ImagenModelCapabilities;
  readonly target: PixelSize | undefined;
}): ImagenPredictBody {
  const parameters: ImagenPredictBody['parameters'] = { sampleCount: options.sampleCount, includeRaiReason: true };
  if (options.target !== undefined) {
    parameters.aspectRatio = nearestAspectRatio(options.target, options.capabilities.aspectRatios);
    const tier = pickImageSizeTier(options.target, options.capabilities.imageSizes);
    if (tier !== undefined) parameters.sampleImageSize = tier;
  }
  return { instances: [{ prompt: options.prompt }], parameters };
}
