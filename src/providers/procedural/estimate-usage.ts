import type { ImageModelUsage, ImageQuality } from '../spec/image-model.ts';

type ResolvedQuality = Exclude<ImageQuality, 'auto'>;

interface Size {
  readonly width: number;
  readonly height: number;
}

// OpenAI's published output tokens per gpt-image-1 image: square 1024x1024, portrait 1024x1536,
// landscape 1536x1024. Other sizes scale by pixel area at the rate of the same orientation.
const outputTokensByQuality: Readonly<Record<ResolvedQuality, { square: number; portrait: number; landscape: number }>> = {
  low: { square: 272, portrait: 408, landscape: 400 },
  medium: { square: 1056, portrait: 1584, landscape: 1568 },
  high: { square: 4160, portrait: 6240, landscape: 6208 },
};
const referenceAreaPixels = { square: 1024 * 1024, portrait: 1024 * 1536, landscape: 1536 * 1024 } as const;

// OpenAI bills each streamed partial image as 100 extra output tokens.
const tokensPerPartialImage = 100;

// gpt-image-1 input images are tiled like vision input: fit in 2048x2048, shortest side
// scaled down to 512, then 65 base tokens plus 129 per 512px tile.
const inputImageBaseTokens = 65;
const inputImageTileTokens = 129;

/** Output tokens for one image of this quality and size, as gpt-image-1 would bill it. */
export function outputTokensPerImage(quality: ResolvedQuality, size: Size): number {
  const orientation = size.width === size.height ? 'square' : size.width > size.height ? 'landscape' : 'portrait';
  const rate = outputTokensByQuality[quality][orientation] / referenceAreaPixels[orientation];
  return Math.max(1, Math.round(rate * size.width * size.height));
}

/** Input tokens for one input image of this size. */
export function inputImageTokens(size: Size): number {
  let { width, height } = size;
  const fitScale = Math.min(1, 2048 / Math.max(width, height));
  width *= fitScale;
  height *= fitScale;
  const shortScale = Math.min(1, 512 / Math.min(width, height));
  const tiles = Math.ceil((width * shortScale) / 512) * Math.ceil((height * shortScale) / 512);
  return inputImageBaseTokens + inputImageTileTokens * tiles;
}

export interface UsageInput {
  readonly prompt: string;
  readonly inputImageSizes: ReadonlyArray<Size>;
  readonly quality: ResolvedQuality;
  readonly outputSize: Size;
  readonly imageCount: number;
  readonly partialImages: number;
}

/**
 * What the same call would have cost on gpt-image-1, so budgets and cost reports behave the
 * same offline. Text tokens are estimated at 4 characters a token; input fidelity and masks are
 * not counted.
 */
export function estimateUsage(input: UsageInput): ImageModelUsage {
  const inputTextTokens = Math.ceil(input.prompt.length / 4);
  const imageTokens = input.inputImageSizes.reduce((sum, size) => sum + inputImageTokens(size), 0);
  const perImage = outputTokensPerImage(input.quality, input.outputSize) + tokensPerPartialImage * input.partialImages;
  return {
    inputTokens: inputTextTokens + imageTokens,
    inputImageTokens: imageTokens,
    inputTextTokens,
    outputTokens: perImage * input.imageCount,
  };
}
