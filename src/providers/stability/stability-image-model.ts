import { fetchWithRetry } from '../shared/fetch-with-retry.ts';
import { convertAlphaMask } from '../shared/image/apply-mask.ts';
import { deliverEach, deliveredImages, deliverImage, resizeWarnings } from '../shared/image/deliver-image.ts';
import { type PixelSize, nearestAspectRatio } from '../shared/image/pixel-size.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelResult, ImageModelWarning, ImageOutputFormat } from '../spec/image-model.ts';
import { mapStabilityImageError } from './stability-image-error.ts';
import { type StabilityFormFields, buildStabilityForm } from './stability-image-form.ts';
import { type StabilityModel, stabilityAspectRatios, stabilityInpaintOutputFormats, stabilityInpaintPath, stabilityModel } from './stability-image-models.ts';
import { type StabilityAnswer, readStabilityAnswer } from './stability-image-response.ts';
import { type StabilitySettings, resolveStabilitySettings, seedForImage, strengthFor } from './stability-image-settings.ts';
import { prepareStabilityImage } from './stability-input-image.ts';

export const stabilityImageProvider = 'stability';

/**
 * Stability AI's stable-image API as an ImageModel: text to image on the model's generate
 * endpoint, image to image on the same endpoint (Ultra, SD3), and masked edits on
 * `/edit/inpaint`. One image per request; we resize to the exact size and re-encode.
 */
export function createStabilityImageModel(modelId: string, settings: ProviderSettings): ImageModel {
  return {
    provider: stabilityImageProvider,
    modelId,
    async doGenerate(options: ImageModelCallOptions): Promise<ImageModelResult> {
      options.abortSignal.throwIfAborted();
      const model = stabilityModel(modelId);
      const resolved = resolveStabilitySettings(modelId, model, options);
      const request = await prepareRequest(model, resolved, options);
      options.abortSignal.throwIfAborted();

      // One at a time: n is almost always 1, and Stability's rate limit is per account.
      const answers: StabilityAnswer[] = [];
      for (let index = 0; index < options.n; index++) {
        options.abortSignal.throwIfAborted();
        const form = buildStabilityForm({ ...request.fields, seed: seedForImage(options.seed, index) });
        answers.push(await send(settings, request.path, form, options.abortSignal));
      }

      const output = { size: request.target, outputFormat: resolved.outputFormat, encoderQuality: resolved.encoderQuality };
      const delivered = await deliverEach(answers, output, options.abortSignal, (answer, settingsForImage) => deliverImage(stabilityImageProvider, answer.data, settingsForImage));

      const warnings: ImageModelWarning[] = [...resolved.warnings, ...resizeWarnings(modelId, delivered)];
      return {
        ...deliveredImages(delivered),
        quality: model.quality,
        outputFormat: resolved.outputFormat,
        background: 'opaque',
        // Stability bills credits per image and reports no token usage.
        usage: undefined,
        warnings,
      };
    },
  };
}

interface PreparedRequest {
  readonly path: string;
  readonly fields: Omit<StabilityFormFields, 'seed'>;
  /** The size to deliver: asked for, or the input's for edits; undefined lets the model decide. */
  readonly target: PixelSize | undefined;
}

async function prepareRequest(model: StabilityModel, resolved: StabilitySettings, options: ImageModelCallOptions): Promise<PreparedRequest> {
  const [first] = options.images;
  const image = resolved.operation !== 'generate' && first !== undefined ? await prepareStabilityImage(first) : undefined;
  // Stability's inpaint mask is grayscale, white = repaint, stretched to the image's size.
  const mask = resolved.operation === 'inpaint' && options.mask !== undefined && image !== undefined ? await convertAlphaMask(options.mask, image.size, image.size) : undefined;
  const target = resolved.size ?? image?.size;
  const inpaint = resolved.operation === 'inpaint';
  const fields: Omit<StabilityFormFields, 'seed'> = {
    prompt: options.prompt,
    model: inpaint ? undefined : model.modelField,
    mode: resolved.operation === 'image-to-image' && model.imageToImage === 'mode' ? 'image-to-image' : undefined,
    // Edits keep the input's shape; aspect_ratio is a text-to-image field.
    aspectRatio: resolved.operation === 'generate' && resolved.size !== undefined ? nearestAspectRatio(resolved.size, stabilityAspectRatios) : undefined,
    strength: resolved.operation === 'image-to-image' ? strengthFor(options.inputFidelity) : undefined,
    outputFormat: wireFormat(resolved, inpaint ? stabilityInpaintOutputFormats : model.outputFormats),
    image: image === undefined ? undefined : { data: image.data, mediaType: image.mediaType },
    mask,
  };
  return { path: inpaint ? stabilityInpaintPath : model.path, fields, target };
}

/**
 * What to ask Stability for: when we will resize anyway, lossless png, so our encode is the only
 * lossy one; otherwise the format wanted if the endpoint makes it, else png to convert.
 */
function wireFormat(resolved: StabilitySettings, offered: ReadonlyArray<ImageOutputFormat>): ImageOutputFormat {
  if (resolved.size !== undefined) return 'png';
  return offered.includes(resolved.outputFormat) ? resolved.outputFormat : 'png';
}

async function send(settings: ProviderSettings, path: string, form: FormData, abortSignal: AbortSignal): Promise<StabilityAnswer> {
  try {
    const { response, release } = await fetchWithRetry(settings, {
      provider: stabilityImageProvider,
      url: `${settings.baseURL}${path}`,
      // JSON answers carry finish_reason and seed in the body; the HTTP client sets the multipart content-type.
      method: 'POST',
      headers: { ...settings.headers, accept: 'application/json' },
      body: form,
      abortSignal,
    });
    try {
      return await readStabilityAnswer(stabilityImageProvider, response, abortSignal);
    } finally {
      release();
    }
  } catch (error) {
    throw error instanceof ProviderError ? mapStabilityImageError(error) : error;
  }
}
