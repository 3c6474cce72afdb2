import type { LanguageModelImagePart } from '../spec/language-model.ts';
import { readImageDimensions } from '../../media/read-image-dimensions.ts';

/**
 * What a text-only model reads in place of an image: enough to know an image was there and
 * roughly what it was, e.g. `[image: image/png, 1024x1024, 48213 bytes omitted]`.
 */
export function imageStandIn(image: LanguageModelImagePart): string {
  const dimensions = readImageDimensions(image.data);
  const size = dimensions ? `${dimensions.width}x${dimensions.height}, ` : '';
  return `[image: ${image.mediaType}, ${size}${image.data.byteLength} bytes omitted]`;
}
