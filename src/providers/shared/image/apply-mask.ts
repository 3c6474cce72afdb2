import { loadSharp } from '../../../media/load-sharp.ts';
import type { ImageModelInputImage } from '../../spec/image-model.ts';
import { type DecodedImage, decodeToRgba } from './decode-image.ts';
import { invalidImage } from './image-errors.ts';
import type { PixelSize } from './pixel-size.ts';
import { resizeRaw, type RawImage } from './raw-image.ts';

/**
 * Brings a mask to the output size the same way the base was brought there: first to the base's
 * own size (OpenAI requires equal sizes; we stretch instead of refusing), then the base's cover
 * crop. Nearest-neighbour keeps fully kept pixels at exactly 255.
 */
export async function fitMask(
  mask: DecodedImage,
  baseSize: PixelSize,
  outputSize: PixelSize,
): Promise<RawImage> {
  if (!mask.hadAlpha) {
    // OpenAI reads only the mask's alpha; without one nothing could be marked for editing.
    throw invalidImage('The mask has no alpha channel: fully transparent pixels mark the region to edit.');
  }
  const atBaseSize = await resizeRaw(mask, baseSize.width, baseSize.height, { fit: 'fill', kernel: 'nearest' });
  return resizeRaw(atBaseSize, outputSize.width, outputSize.height, { fit: 'cover', kernel: 'nearest' });
}

/**
 * Per pixel: the base where the mask is opaque, the edit where it is transparent, a blend in
 * between. Done in JS because it must be exact: kept pixels are copied byte for byte, which a
 * float compositor cannot promise for translucent base pixels.
 */
export function mergeByMask(base: RawImage, edited: RawImage, mask: RawImage): RawImage {
  const output = Buffer.allocUnsafe(base.data.length);
  const baseData = base.data;
  const editedData = edited.data;
  const maskData = mask.data;
  for (let offset = 0; offset < output.length; offset += 4) {
    const keep = maskData[offset + 3] as number;
    const source = keep === 255 ? baseData : keep === 0 ? editedData : undefined;
    if (source !== undefined) {
      output[offset] = source[offset] as number;
      output[offset + 1] = source[offset + 1] as number;
      output[offset + 2] = source[offset + 2] as number;
      output[offset + 3] = source[offset + 3] as number;
      continue;
    }
    for (let channel = offset; channel < offset + 4; channel++) {
      output[channel] = ((baseData[channel] as number) * keep + (editedData[channel] as number) * (255 - keep) + 127) / 255;
    }
  }
  return { data: output, width: base.width, height: base.height };
}

/**
 * OpenAI marks the region to edit with fully transparent pixels (alpha 0). Stability's inpaint
 * mask, ComfyUI's LoadImageMask (channel `red`) and AUTOMATIC1111's `mask` (with
 * `inpainting_mask_invert: 0`) all read an opaque grayscale picture where white means
 * "repaint". Each output pixel is `255 - alpha`, so partly transparent pixels become partly
 * repainted ones; the mask is fitted to `outputSize` as {@link fitMask} does.
 *
 * A1111 quirk (modules/processing.py `create_binary_mask`): an RGBA mask is read from its alpha
 * channel with the opposite polarity, so sending the OpenAI mask as-is would invert the edit.
 */
export async function convertAlphaMask(mask: ImageModelInputImage, inputSize: PixelSize, outputSize: PixelSize): Promise<Buffer> {
  const sharp = await loadSharp();
  const fitted = await fitMask(await decodeToRgba(mask, 'mask'), inputSize, outputSize);
  const whiteIsEdit = Buffer.allocUnsafe(fitted.width * fitted.height);
  for (let pixel = 0; pixel < whiteIsEdit.length; pixel++) whiteIsEdit[pixel] = 255 - (fitted.data[pixel * 4 + 3] as number);
  return sharp(whiteIsEdit, { raw: { width: fitted.width, height: fitted.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 3 }).toBuffer();
}
