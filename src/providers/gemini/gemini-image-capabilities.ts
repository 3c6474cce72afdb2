import type { ImageQuality } from '../spec/image-model.ts';
import type { GoogleImageSizeTier } from './gemini-image-size.ts';

/** What one native Gemini image model accepts, from Google's image-generation guide. */
export interface GeminiImageModelCapabilities {
  /** `generationConfig.responseModalities`; some older models refuse IMAGE alone. */
  readonly responseModalities: ReadonlyArray<'TEXT' | 'IMAGE'>;
  /** Ratios `imageConfig.aspectRatio` takes; empty when the model has no `imageConfig`. */
  readonly aspectRatios: ReadonlyArray<string>;
  /** `imageConfig.imageSize` tiers; empty when the model makes 1K only. */
  readonly imageSizes: ReadonlyArray<GoogleImageSizeTier>;
  /** The model has one quality level; this is what the result reports. */
  readonly quality: Exclude<ImageQuality, 'auto'>;
}

// ai.google.dev/gemini-api/docs/image-generation: the ten ratios of the aspect-ratio table.
const standardRatios = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;

const flashImage: GeminiImageModelCapabilities = { responseModalities: ['IMAGE'], aspectRatios: standardRatios, imageSizes: [], quality: 'medium' };
const proImage: GeminiImageModelCapabilities = { responseModalities: ['IMAGE'], aspectRatios: standardRatios, imageSizes: ['1K', '2K', '4K'], quality: 'high' };
// The 2.0 preview answered 400 to IMAGE alone and had no imageConfig: shape comes from the prompt only.
const legacyImage: GeminiImageModelCapabilities = { responseModalities: ['TEXT', 'IMAGE'], aspectRatios: [], imageSizes: [], quality: 'medium' };

/** By model id prefix; an unknown id is treated like gemini-2.5-flash-image (the conservative choice). */
export function geminiImageModelCapabilities(modelId: string): GeminiImageModelCapabilities {
  if (modelId.startsWith('gemini-3-pro-image')) return proImage;
  if (modelId.startsWith('gemini-2.0-flash')) return legacyImage;
  return flashImage;
}
