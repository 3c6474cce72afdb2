import { loadSharp } from '../../media/load-sharp.ts';
import { DECODE_LIMIT } from '../shared/image/decode-limit.ts';
import { decodeOrThrow } from '../shared/image/decode-image.ts';
import type { PixelSize } from '../shared/image/pixel-size.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';

const sentAsIs = new Set(['png', 'jpeg', 'webp']);

/**
 * The image to send: png, jpeg and webp go as they are; anything else, or a photo whose EXIF
 * orientation rotates it, is sent as upright png so the mask lines up with what we measured.
 */
export async function prepareStabilityImage(image: ImageModelInputImage): Promise<{ data: Uint8Array; mediaType: string; size: PixelSize }> {
  const sharp = await loadSharp();
  return decodeOrThrow('image[0]', async () => {
    const metadata = await sharp(image.data).metadata();
    const size = { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
    if (sentAsIs.has(metadata.format) && (metadata.orientation ?? 1) === 1) return { data: image.data, mediaType: `image/${metadata.format}`, size };
    return { data: await sharp(image.data, DECODE_LIMIT).autoOrient().png().toBuffer(), mediaType: 'image/png', size };
  });
}
