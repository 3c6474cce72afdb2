import type { ImageModelCallOptions, ImageModelWarning, ImageQuality } from '../../spec/image-model.ts';
import { isMaskWithoutImage, isPngCompressionIgnored, maskWithoutImageMessage, noPartialImagesMessage, pngCompressionIgnoredMessage } from './image-call-checks.ts';

export interface OpaqueModel {
  /** The one quality level the model has, as reported. */
  readonly quality: Exclude<ImageQuality, 'auto'>;
  /** What to say when `moderation: low` was asked for: whose filter applies instead. */
  readonly moderationMessage: string;
}

/**
 * The warnings of a hosted model that makes opaque images at one quality and streams no
 * previews (Gemini, Imagen, Stability): every such setting the call asked for, in this order.
 * Size and format are not among them: the adapters deliver those by resizing and re-encoding.
 */
export function opaqueModelWarnings(modelId: string, options: ImageModelCallOptions, model: OpaqueModel): ImageModelWarning[] {
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  if (isPngCompressionIgnored(options)) warn('outputCompression', pngCompressionIgnoredMessage);
  if ((options.partialImages ?? 0) > 0) warn('partialImages', noPartialImagesMessage(modelId));
  if (options.background === 'transparent') warn('background', `${modelId} makes opaque images only; the image has no transparency.`);
  if (options.quality !== undefined && options.quality !== 'auto' && options.quality !== model.quality) {
    warn('quality', `${modelId} has a single quality level (reported as '${model.quality}'); quality '${options.quality}' was not applied.`);
  }
  if (options.moderation === 'low') warn('moderation', model.moderationMessage);
  if (isMaskWithoutImage(options)) warn('mask', maskWithoutImageMessage);
  return warnings;
}
