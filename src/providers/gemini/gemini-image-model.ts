import { readInputSize } from '../shared/image/decode-image.ts';
import { deliverEach, deliveredImages, deliverImage, resizeWarnings } from '../shared/image/deliver-image.ts';
import type { PixelSize } from '../shared/image/pixel-size.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelInputImage, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { runBounded } from './gemini-image-batches.ts';
import { geminiImageModelCapabilities } from './gemini-image-capabilities.ts';
import { type PreparedMaskedEdit, composeMaskedEdit, prepareMaskedEdit } from './gemini-image-mask.ts';
import { buildGeminiImageBody, planGeminiImageShape, seedForImage, toInlineImages } from './gemini-image-request.ts';
import { mapGeminiImageResponse, sumUsage } from './gemini-image-response.ts';
import { resolveGoogleImageSettings } from './gemini-image-settings.ts';
import { pickImageSizeTier } from './gemini-image-size.ts';
import { withGoogleRetryInfo } from './google-error.ts';
import { postGoogleImageJson } from './google-image-post.ts';

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
  const http: ProviderSettings = withGoogleRetryInfo(settings);
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
        return mapGeminiImageResponse(geminiImageProvider, await postGoogleImageJson(http, { provider: geminiImageProvider, path, body, abortSignal: signal }));
      });

      const output = { size: target, outputFormat: common.outputFormat, encoderQuality: common.encoderQuality };
      const delivered = await deliverEach(answers, output, options.abortSignal, (answer, settingsForImage) =>
        masked !== undefined ? composeMaskedEdit(geminiImageProvider, masked, answer.image.data, settingsForImage) : deliverImage(geminiImageProvider, answer.image.data, settingsForImage),
      );
      warnings.push(...resizeWarnings(modelId, delivered), ...extraImageWarnings(modelId, answers.reduce((sum, answer) => sum + answer.extraImages, 0)));

      return {
        ...deliveredImages(delivered),
        quality: common.quality,
        outputFormat: common.outputFormat,
        background: 'opaque',
        usage: sumUsage(answers.map((answer) => answer.usage)),
        warnings,
      };
    },
  };
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

function extraImageWarnings(modelId: string, extraImages: number): ImageModelWarning[] {
  if (extraImages <= 0) return [];
  return [{ type: 'other', message: `${modelId} answered with ${extraImages} more image${extraImages === 1 ? '' : 's'} than asked for; only the first of each answer was used.` }];
}

/** The size asked for; for an edit without one, the input's (so `auto` keeps the picture's size). */
async function deliverySize(requested: PixelSize | undefined, masked: PreparedMaskedEdit | undefined, base: ImageModelInputImage | undefined): Promise<PixelSize | undefined> {
  if (requested !== undefined) return requested;
  if (masked !== undefined) return { width: masked.base.width, height: masked.base.height };
  return base === undefined ? undefined : readInputSize(base);
}
