import { deliverEach, deliveredImages, deliverImage, resizeWarnings } from '../shared/image/deliver-image.ts';
import { invalidRequest, moderationBlocked } from '../shared/image/image-errors.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { runBounded } from './gemini-image-batches.ts';
import { resolveGoogleImageSettings } from './gemini-image-settings.ts';
import { withGoogleRetryInfo } from './google-error.ts';
import { postGoogleImageJson } from './google-image-post.ts';
import { imagenModelCapabilities, splitIntoBatches } from './imagen-capabilities.ts';
import { buildImagenPredictBody } from './imagen-request.ts';
import { type ImagenAnswer, mapImagenResponse } from './imagen-response.ts';

export const imagenImageProvider = 'gemini.imagen';

const maxConcurrentCalls = 3;

/**
 * Imagen (imagen-4.0-generate-001, …) through the Gemini API's `models/{model}:predict` as an
 * ImageModel: text to image only, up to four images per request, five aspect ratios; we
 * resize to the exact size and re-encode to the format asked for.
 */
export function createImagenImageModel(modelId: string, settings: ProviderSettings): ImageModel {
  const capabilities = imagenModelCapabilities(modelId);
  const http: ProviderSettings = withGoogleRetryInfo(settings);
  const path = `/models/${encodeURIComponent(modelId)}:predict`;

  return {
    provider: imagenImageProvider,
    modelId,
    async doGenerate(options: ImageModelCallOptions): Promise<ImageModelResult> {
      options.abortSignal.throwIfAborted();
      if (options.images.length > 0) {
        // Imagen's editing lives on Vertex AI (imagen-3.0-capability) only; the Gemini API has none.
        throw invalidRequest(`${modelId} cannot edit images: Imagen on the Gemini API generates from text only. Use a Gemini image model such as gemini-2.5-flash-image to edit.`);
      }
      const common = resolveGoogleImageSettings(modelId, options, capabilities);
      const warnings: ImageModelWarning[] = [...common.warnings];
      if (options.seed !== undefined) warnings.push({ type: 'unsupported-setting', setting: 'seed', message: 'Imagen on the Gemini API takes no seed; it was not sent.' });

      const batches = splitIntoBatches(options.n, capabilities.maxImagesPerRequest);
      const answers = await runBounded(batches.length, maxConcurrentCalls, options.abortSignal, async (index, signal) => {
        const body = buildImagenPredictBody({ prompt: options.prompt, sampleCount: batches[index] ?? 1, capabilities, target: common.size });
        return mapImagenResponse(imagenImageProvider, await postGoogleImageJson(http, { provider: imagenImageProvider, path, body, abortSignal: signal }));
      });
      const produced = answers.flatMap((answer) => answer.images);
      if (produced.length === 0) throw nothingProduced(answers);
      if (produced.length < options.n) warnings.push(shortfallWarning(modelId, options.n, produced.length, answers));

      const output = { size: common.size, outputFormat: common.outputFormat, encoderQuality: common.encoderQuality };
      const delivered = await deliverEach(produced, output, options.abortSignal, (image, settingsForImage) => deliverImage(imagenImageProvider, image.data, settingsForImage));
      warnings.push(...resizeWarnings(modelId, delivered));

      return {
        ...deliveredImages(delivered),
        quality: common.quality,
        outputFormat: common.outputFormat,
        background: 'opaque',
        // The predict answer reports no usage; Imagen is priced per image.
        usage: undefined,
        warnings,
      };
    },
  };
}

function nothingProduced(answers: ReadonlyArray<ImagenAnswer>): Error {
  const reasons = answers.flatMap((answer) => answer.filteredReasons);
  // An answer without images or reasons is what Imagen sends when every sample was filtered
  // and the reasons were not asked for; we always ask, so this is an odd answer.
  if (reasons.length === 0) return invalidResponse(imagenImageProvider, `${imagenImageProvider} answered without images`, undefined);
  return moderationBlocked(reasons[0] ?? 'Imagen withheld the images.');
}

function shortfallWarning(modelId: string, asked: number, made: number, answers: ReadonlyArray<ImagenAnswer>): ImageModelWarning {
  const [reason] = answers.flatMap((answer) => answer.filteredReasons);
  return { type: 'other', message: `${modelId} returned ${made} of ${asked} images${reason === undefined ? '' : `; the safety filter withheld the rest: ${reason}`}` };
}
