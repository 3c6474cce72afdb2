import sharp from 'sharp';
import { fitMask } from '../procedural/apply-mask.ts';
import { decodeToRgba, invalidImage } from '../procedural/decode-input-image.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import type { PixelSize } from './stability-image-size.ts';

/**
 * OpenAI's mask marks the region to edit with alpha 0; Stability's inpaint mask is grayscale
 * with white = repaint and black = keep (grey = partial strength). So the new value is
 * 255 - alpha. The mask is stretched to the image's size first (nearest neighbour keeps the
 * edges crisp), which Stability would otherwise do itself.
 */
export async function toStabilityMask(mask: ImageModelInputImage, imageSize: PixelSize): Promise<Buffer> {
  const rgba = await fitMask(await decodeToRgba(mask, 'mask'), imageSize, imageSize);
  const gray = Buffer.allocUnsafe(rgba.width * rgba.height);
  for (let pixel = 0; pixel < gray.length; pixel++) gray[pixel] = 255 - (rgba.data[pixel * 4 + 3] as number);
  return sharp(gray, { raw: { width: rgba.width, height: rgba.height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

const sentAsIs = new Set(['png', 'jpeg', 'webp']);

/**
 * The image to send: png, jpeg and webp go as they are; anything else, or a photo whose EXIF
 * orientation rotates it, is sent as upright png so the mask lines up with what we measured.
 */
export async function prepareStabilityImage(image: ImageModelInputImage): Promise<{ data: Uint8Array; mediaType: string; size: PixelSize }> {
  try {
    const metadata = await sharp(image.data).metadata();
    const size = { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
    if (sentAsIs.has(metadata.format) && (metadata.orientation ?? 1) === 1) return { data: image.data, mediaType: `image/${metadata.format}`, size };
    return { data: await sharp(image.data).autoOrient().png().toBuffer(), mediaType: 'image/png', size };
  } catch (cause) {
    throw invalidImage('Could not decode image[0]: the bytes are not an image this server can read.', cause);
  }
}
