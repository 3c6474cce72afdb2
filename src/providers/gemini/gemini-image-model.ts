import sharp from 'sharp';
import { invalidImage } from '../procedural/decode-input-image.ts';
import { postJson } from '../shared/post-json.ts';
import { ProviderError } from '../shared/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelInputImage, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { runBounded } from './gemini-image-batches.ts';
import { geminiImageModelCapabilities } from './gemini-image-capabilities.ts';
import { mapGoogleImageError } from './gemini-image-error.ts';
import { type PreparedMaskedEdit, composeMaskedEdit, prepareMaskedEdit } from './gemini-image-mask.ts';
import { type DeliveredImage, type OutputSettings, deliverImage } from './gemini-image-output.ts';
import { buildGeminiImageBody, planGeminiImageShape, seedForImage, toInlineImages } from './gemini-image-request.ts';
import { mapGeminiImageResponse, sumUsage } from './gemini-image-response.ts';
import { withGoogleRetryInfo } from './gemini-image-retry-info.ts';
import { resolveGoogleImageSettings } from './gemini-image-settings.ts';
import { type PixelSize, formatSize, pickImageSizeTier } from './gemini-image-size.ts';
import type { GeminiGenerateContentBody } from './gemini-image-wire.ts';

export const geminiImageProvider = 'gemini.image';

// Each image is its own generateContent call (image models take no candidateCount); a few at a
// time keeps n = 10 from tripping per-minute quotas all at once.
const maxConcurrentCalls = 4;

/**
 * Gemini's native image models (gemini-2.5-flash-image, gemini-3-pro-image-preview, …) through
 * `models/{model}:generateContent` as an ImageModel. The model picks from a few aspect ratios
 * and returns one format; we resize to the exact size and re-encode to the format asked for.
 */
export function createGeminiImageModel(modelId: string, settings: ProviderSettings): ImageModel {
  const capabilities = geminiImageModelCapabilities(modelId);
  const http: ProviderSettings = { ...settings, fetch: withGoogleRetryInfo(settings.fetch) };
  const path = `/models/${encodeURIComponent(modelId)}:generateContent`;

  return {
    provider: geminiImageProvider,
    modelId,
    async doGenerate(options: ImageModelCallOptions): Promise<ImageModelResult> {
      options.abortSignal.throwIfAborted();
      const common = resolveGoogleImageSettings(modelId, options, capabilities);
      const warnings: ImageModelWarning[] = [...common.warnings, ...callWarnings(modelId, options)];
      const [base] = options.images;
      const masked = base !== undefined && options.mask !== undefined ? await prepareMaskedEdit(base, options.mask) : undefined;
      const target = await deliverySize(common.size, masked, base);
      // A masked edit must come back in the input's frame to be laid over it: no aspect ratio.
      const shape = masked !== undefined ? { aspectRatio: undefined, imageSize: pickImageSizeTier(target, capabilities.imageSizes) } : planGeminiImageShape(capabilities, target);
      const images = await toInlineImages(options.images);
      options.abortSignal.throwIfAborted();

      const answers = await runBounded(options.n, maxConcurrentCalls, options.abortSignal, async (index, signal) => {
        const body = buildGeminiImageBody({ prompt: options.prompt, images, capabilities, shape, seed: seedForImage(options.seed, index) });
        return mapGeminiImageResponse(geminiImageProvider, await send(http, path, body, signal));
      });

      const output: OutputSettings = { size: target, outputFormat: common.outputFormat, encoderQuality: common.encoderQuality };
      const delivered: DeliveredImage[] = [];
      for (const answer of answers) {
        options.abortSignal.throwIfAborted();
        // Without a size, the first image's decides for all, so one result has one size.
        const settingsForImage = { ...output, size: output.size ?? delivered[0]?.size };
        delivered.push(masked !== undefined ? await composeMaskedEdit(geminiImageProvider, masked, answer.image.data, settingsForImage) : await deliverImage(geminiImageProvider, answer.image, settingsForImage));
      }
      options.abortSignal.throwIfAborted();
      warnings.push(...deliveryWarnings(modelId, delivered, answers.reduce((sum, answer) => sum + answer.extraImages, 0)));

      return {
        images: delivered.map((image) => ({ data: image.data, mediaType: image.mediaType, revisedPrompt: undefined })),
        // n >= 1 was checked, so there is a first image.
        size: formatSize((delivered[0] as DeliveredImage).size),
        quality: common.quality,
        outputFormat: common.outputFormat,
        background: 'opaque',
        usage: sumUsage(answers.map((answer) => answer.usage)),
        warnings,
      };
    },
  };
}

async function send(settings: ProviderSettings, path: string, body: GeminiGenerateContentBody, abortSignal: AbortSignal): Promise<unknown> {
  try {
    return await postJson(settings, { provider: geminiImageProvider, path, body, abortSignal });
  } catch (error) {
    throw error instanceof ProviderError ? mapGoogleImageError(error) : error;
  }
}

function callWarnings(modelId: string, options: ImageModelCallOptions): ImageModelWarning[] {
  const warnings: ImageModelWarning[] = [];
  if (options.seed !== undefined && seedForImage(options.seed, 0) === undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'seed', message: `Gemini takes a seed from 0 to 2147483646; ${options.seed} was not sent.` });
  }
  if (options.images.length > 0 && options.inputFidelity !== undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'inputFidelity', message: `${modelId} has no input fidelity setting; it was not sent.` });
  }
  return warnings;
}

function deliveryWarnings(modelId: string, delivered: ReadonlyArray<DeliveredImage>, extraImages: number): ImageModelWarning[] {
  const warnings: ImageModelWarning[] = [];
  const resized = delivered.find((image) => image.resizedFrom !== undefined);
  if (resized?.resizedFrom !== undefined) {
    warnings.push({ type: 'other', setting: 'size', message: `${modelId} made ${formatSize(resized.resizedFrom)}; the image was resized to ${formatSize(resized.size)}.` });
  }
  if (extraImages > 0) warnings.push({ type: 'other', message: `${modelId} answered with ${extraImages} more image${extraImages === 1 ? '' : 's'} than asked for; only the first of each answer was used.` });
  return warnings;
}

/** The size asked for; for an edit without one, the input's (so `auto` keeps the picture's size). */
async function deliverySize(requested: PixelSize | undefined, masked: PreparedMaskedEdit | undefined, base: ImageModelInputImage | undefined): Promise<PixelSize | undefined> {
  if (requested !== undefined) return requested;
  if (masked !== undefined) return { width: masked.base.width, height: masked.base.height };
  return base === undefined ? undefined : measureInput(base);
}

async function measureInput(image: ImageModelInputImage): Promise<PixelSize> {
  try {
    const { autoOrient } = await sharp(image.data).metadata();
    return { width: autoOrient.width, height: autoOrient.height };
  } catch (cause) {
    throw invalidImage('Could not decode image[0]: the bytes are not an image this server can read.', cause);
  }
}
