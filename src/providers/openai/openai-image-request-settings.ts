import { invalidRequest } from '../shared/image/image-errors.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat } from '../spec/image-model.ts';
import type { OpenAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { checkOpenAIImageSize } from './openai-image-size.ts';

/**
 * One Images API call, decided: every field is what goes on the wire (undefined: not sent),
 * in camelCase; the body builders only rename. Built by `resolveOpenAIImageRequest`.
 */
export interface OpenAIImageRequest {
  readonly model: string;
  readonly prompt: string;
  readonly n: number;
  readonly size: string | undefined;
  /** As the wire spells it: `low`…`auto` for GPT image, `standard` / `hd` for dall-e-3. */
  readonly quality: string | undefined;
  readonly background: 'transparent' | 'opaque' | 'auto' | undefined;
  readonly outputFormat: ImageOutputFormat | undefined;
  readonly outputCompression: number | undefined;
  readonly moderation: 'auto' | 'low' | undefined;
  readonly inputFidelity: 'high' | 'low' | undefined;
  readonly responseFormat: 'b64_json' | undefined;
  /** True only when partial images were asked for and a callback takes them. */
  readonly stream: boolean;
  /** Sent only when streaming, 1..3. */
  readonly partialImages: number | undefined;
  /** The multipart field of the input images (edits). */
  readonly imageField: 'image' | 'image[]';
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

const maxPartialImages = 3;

/**
 * Validates the call against the model's rules and decides what to send. Values no request
 * could succeed with throw `invalid_request`; settings the model lacks are left out with a warning.
 */
export function resolveOpenAIImageRequest(modelId: string, capabilities: OpenAIImageModelCapabilities, options: ImageModelCallOptions): OpenAIImageRequest {
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  const isEdit = options.images.length > 0;

  checkCounts(modelId, capabilities, options);
  const size = checkOpenAIImageSize(options.size, capabilities.sizes);
  if ('problem' in size) throw invalidRequest(`Invalid size '${options.size}' for ${modelId}: ${size.problem}.`);

  const gpt = capabilities.isGptImage;
  const outputFormat = gpt ? options.outputFormat : undefined;
  if (!gpt && options.outputFormat !== undefined && options.outputFormat !== 'png') {
    warn('outputFormat', `${modelId} returns png only; output_format '${options.outputFormat}' was not sent.`);
  }

  const compressionApplies = gpt && (outputFormat === 'jpeg' || outputFormat === 'webp');
  const outputCompression = compressionApplies ? options.outputCompression : undefined;
  if (!compressionApplies && options.outputCompression !== undefined && options.outputCompression !== 100) {
    warn('outputCompression', 'output_compression applies to jpeg and webp output of GPT image models only; it was not sent.');
  }

  let background = gpt ? options.background : undefined;
  if (!gpt && options.background === 'transparent') warn('background', `${modelId} cannot make transparent backgrounds; background was not sent.`);
  if (background === 'transparent' && outputFormat === 'jpeg') {
    // OpenAI rejects the pair; an opaque jpeg is what the procedural backend makes too.
    background = undefined;
    warn('background', 'jpeg has no alpha channel; background transparent was not sent.');
  }

  // Multipart edits have no `moderation` field in the spec (only the JSON edit variant has).
  const moderation = gpt && !isEdit ? options.moderation : undefined;
  if (moderation === undefined && options.moderation === 'low') {
    warn('moderation', isEdit ? 'moderation is not a field of multipart edits; it was not sent.' : `${modelId} does not support moderation; it was not sent.`);
  }

  // input_fidelity only means something for edits, so a generation drops it without a word.
  const inputFidelity = isEdit && capabilities.supportsInputFidelity ? options.inputFidelity : undefined;
  if (isEdit && inputFidelity === undefined && options.inputFidelity !== undefined) {
    warn('inputFidelity', `${modelId} does not accept input_fidelity${modelId.startsWith('gpt-image-2') ? ' (it always uses high fidelity)' : ''}; it was not sent.`);
  }

  const wantsPartials = options.onPartialImage !== undefined && (options.partialImages ?? 0) > 0;
  if (wantsPartials && !gpt) warn('partialImages', `${modelId} cannot stream partial images; none will be sent.`);
  if (options.seed !== undefined) warn('seed', 'The OpenAI Images API has no seed; it was not sent.');
  if (!isEdit && options.mask !== undefined) warn('mask', 'A mask needs an input image to apply to; it was ignored.');

  const stream = wantsPartials && gpt;
  return {
    model: modelId,
    prompt: options.prompt,
    n: options.n,
    size: size.wireSize,
    quality: wireQuality(modelId, capabilities, options, warn),
    background,
    outputFormat,
    outputCompression,
    moderation,
    inputFidelity,
    responseFormat: capabilities.needsBase64ResponseFormat ? 'b64_json' : undefined,
    stream,
    partialImages: stream ? options.partialImages : undefined,
    imageField: capabilities.editImageField,
    warnings,
  };
}

function checkCounts(modelId: string, capabilities: OpenAIImageModelCapabilities, options: ImageModelCallOptions): void {
  const max = capabilities.maxImagesPerRequest;
  if (!Number.isInteger(options.n) || options.n < 1 || options.n > max) {
    throw invalidRequest(max === 1 ? `${modelId} makes one image per request: n must be 1 (got ${options.n}).` : `Invalid n ${options.n} for ${modelId}: expected an integer from 1 to ${max}.`);
  }
  const partialImages = options.partialImages ?? 0;
  if (!Number.isInteger(partialImages) || partialImages < 0 || partialImages > maxPartialImages) {
    throw invalidRequest(`Invalid partial_images ${partialImages}: expected an integer from 0 to ${maxPartialImages}.`);
  }
  const compression = options.outputCompression;
  if (compression !== undefined && (!Number.isInteger(compression) || compression < 0 || compression > 100)) {
    throw invalidRequest(`Invalid output_compression ${compression}: expected an integer from 0 to 100.`);
  }
  if (options.prompt.length > capabilities.maxPromptLength) {
    throw invalidRequest(`The prompt is ${options.prompt.length} characters long; ${modelId} takes at most ${capabilities.maxPromptLength}.`);
  }
  const inputs = options.images.length;
  if (inputs > 0 && capabilities.maxInputImages === 0) throw invalidRequest(`${modelId} cannot edit images; use a GPT image model or dall-e-2.`);
  if (inputs > capabilities.maxInputImages) {
    throw invalidRequest(`${modelId} edits at most ${capabilities.maxInputImages} input image${capabilities.maxInputImages === 1 ? '' : 's'} (got ${inputs}).`);
  }
}

function wireQuality(
  modelId: string,
  capabilities: OpenAIImageModelCapabilities,
  options: ImageModelCallOptions,
  warn: (setting: string, message: string) => void,
): string | undefined {
  const quality = options.quality;
  if (quality === undefined) return undefined;
  if (capabilities.quality === undefined) {
    if (quality !== 'auto' && quality !== 'medium') warn('quality', `${modelId} has a single quality; quality '${quality}' was not sent.`);
    return undefined;
  }
  if (quality === 'auto') return capabilities.isGptImage ? 'auto' : undefined;
  const wire = capabilities.quality[quality];
  if (quality === 'low' && wire !== 'low') warn('quality', `${modelId} has no low quality; '${wire}' was sent instead.`);
  return wire;
}
