import { type CheckedImageCall, checkImageCall, isMaskWithoutImage, isPngCompressionIgnored, maskWithoutImageMessage, pngCompressionIgnoredMessage } from '../shared/image/image-call-checks.ts';
import { type PixelSize, parseImageSize } from '../shared/image/pixel-size.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageQuality } from '../spec/image-model.ts';

/** The call's settings with every `auto` and default decided. */
export interface ResolvedSettings extends CheckedImageCall {
  /** Undefined when the size is `auto` for an edit: the base image decides. */
  readonly size: PixelSize | undefined;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  /** False also when transparency was asked for jpeg, which cannot carry it. */
  readonly transparent: boolean;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

const defaultSize: PixelSize = { width: 1024, height: 1024 };

/** Validates the options and decides defaults; throws `invalid_request` for values no backend could honour. */
export function resolveSettings(options: ImageModelCallOptions): ResolvedSettings {
  const warnings: ImageModelWarning[] = [];
  const isEdit = options.images.length > 0;
  const { partialImages, outputFormat, encoderQuality } = checkImageCall(options);
  if (isPngCompressionIgnored(options)) {
    warnings.push({ type: 'unsupported-setting', setting: 'outputCompression', message: pngCompressionIgnoredMessage });
  }
  let transparent = options.background === 'transparent';
  if (transparent && outputFormat === 'jpeg') {
    transparent = false;
    warnings.push({ type: 'unsupported-setting', setting: 'background', message: 'jpeg has no alpha channel; the image was flattened onto an opaque background.' });
  }
  if (isMaskWithoutImage(options)) {
    warnings.push({ type: 'unsupported-setting', setting: 'mask', message: maskWithoutImageMessage });
  }

  return {
    size: parseImageSize(options.size) ?? (isEdit ? undefined : defaultSize),
    quality: options.quality === undefined || options.quality === 'auto' ? 'medium' : options.quality,
    outputFormat,
    encoderQuality,
    transparent,
    partialImages,
    warnings,
  };
}
