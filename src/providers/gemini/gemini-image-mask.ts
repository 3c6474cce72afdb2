import { loadSharp } from '../../media/load-sharp.ts';
import { DECODE_LIMIT } from '../shared/image/decode-limit.ts';
import { fitMask, mergeByMask } from '../shared/image/apply-mask.ts';
import { type DecodedImage, decodeToRgba } from '../shared/image/decode-image.ts';
import type { DeliveredImage, OutputSettings } from '../shared/image/deliver-image.ts';
import { encodeImage, mediaTypeOf } from '../shared/image/encode-image.ts';
import type { PixelSize } from '../shared/image/pixel-size.ts';
import { type RawImage, resizeRaw } from '../shared/image/raw-image.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';

/**
 * Gemini has no mask input: it edits the whole picture. To honour OpenAI's mask we decode the
 * base and the mask before the call (so a bad mask costs nothing) and, after it, keep the base
 * wherever the mask is opaque: only the transparent region can change.
 */
export interface PreparedMaskedEdit {
  readonly base: DecodedImage;
  /** At the base's size; alpha 0 = edit, 255 = keep. */
  readonly mask: RawImage;
}

export async function prepareMaskedEdit(image: ImageModelInputImage, mask: ImageModelInputImage): Promise<PreparedMaskedEdit> {
  const base = await decodeToRgba(image, 'image[0]');
  const size = { width: base.width, height: base.height };
  return { base, mask: await fitMask(await decodeToRgba(mask, 'mask'), size, size) };
}

/**
 * The edit laid over the base through the mask, then brought to the output size. The model's
 * frame is the input's frame (we send it no aspect ratio for masked edits), so it is stretched
 * onto the base rather than cropped, keeping both aligned.
 */
export async function composeMaskedEdit(provider: string, prepared: PreparedMaskedEdit, edited: Uint8Array, settings: OutputSettings): Promise<DeliveredImage> {
  const sharp = await loadSharp();
  const { base, mask } = prepared;
  let editedAtBase: RawImage;
  let own: PixelSize;
  try {
    const metadata = await sharp(edited).metadata();
    own = { width: metadata.width, height: metadata.height };
    const { data, info } = await sharp(edited, DECODE_LIMIT).resize(base.width, base.height, { fit: 'fill', kernel: 'lanczos3' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    editedAtBase = { data, width: info.width, height: info.height };
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
  const size = settings.size ?? { width: base.width, height: base.height };
  const merged = await resizeRaw(mergeByMask(base, editedAtBase, mask), size.width, size.height, { fit: 'cover', kernel: 'lanczos3' });
  const data = await encodeImage(merged, { outputFormat: settings.outputFormat, encoderQuality: settings.encoderQuality, transparent: false });
  const resized = own.width !== size.width || own.height !== size.height;
  return { data, mediaType: mediaTypeOf(settings.outputFormat), size, resizedFrom: resized ? own : undefined };
}
