import { checkImageCall } from '../shared/image/image-call-checks.ts';
import { opaqueModelWarnings } from '../shared/image/opaque-model-warnings.ts';
import { type PixelSize, parseImageSize } from '../shared/image/pixel-size.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';

/** The settings Gemini and Imagen calls share, decided once per call. */
export interface GoogleImageSettings {
  /** The exact size to deliver; undefined for `auto`. */
  readonly size: PixelSize | undefined;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp encoder quality for our own re-encode, 1..100. */
  readonly encoderQuality: number;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

/**
 * Validates what no request could succeed with (`invalid_request`) and turns every setting the
 * Google image APIs lack into a warning: they make opaque images at one quality and cannot
 * stream previews; we deliver size and format ourselves by resizing and re-encoding.
 */
export function resolveGoogleImageSettings(
  modelId: string,
  options: ImageModelCallOptions,
  model: { readonly quality: Exclude<ImageQuality, 'auto'> },
): GoogleImageSettings {
  const { outputFormat, encoderQuality } = checkImageCall(options);
  const moderationMessage = `${modelId} has no moderation setting; Google's default safety filters apply.`;
  const warnings = opaqueModelWarnings(modelId, options, { quality: model.quality, moderationMessage });
  return { size: parseImageSize(options.size), outputFormat, encoderQuality, quality: model.quality, warnings };
}
