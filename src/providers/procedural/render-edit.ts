import { loadSharp } from '../../media/load-sharp.ts';
import type { ImageModelCallOptions } from '../spec/image-model.ts';
import { fitMask, mergeByMask } from '../shared/image/apply-mask.ts';
import { decodeToRgba } from '../shared/image/decode-image.ts';
import { rawInput, resizeRaw, type RawImage } from '../shared/image/raw-image.ts';
import type { Palette } from './palette.ts';
import { describeReference } from './reference-image.ts';
import { buildCompositionSvg, type CompositionDetail } from './svg-composition.ts';

/** The decoded inputs of an edit, shared by all `n` outputs. */
export interface PreparedEdit {
  /** The first image at the output size. */
  readonly base: RawImage;
  /** Alpha 255 keeps the base pixel, 0 takes the edit; at the output size. */
  readonly mask: RawImage | undefined;
  /** Dominant colours of the other images, which join the palette. */
  readonly referenceColours: ReadonlyArray<string>;
  /** Sizes of all input images as given, for usage. */
  readonly inputImageSizes: ReadonlyArray<{ readonly width: number; readonly height: number }>;
}

type Size = { readonly width: number; readonly height: number };

/**
 * Decodes and sizes the inputs. `size` undefined means `auto`: the first image's size, shrunk
 * to fit `maxSideLength` so a huge upload cannot make a huge render.
 */
export async function prepareEdit(
  options: Pick<ImageModelCallOptions, 'images' | 'mask'>,
  size: Size | undefined,
  maxSideLength: number,
): Promise<PreparedEdit> {
  const [first, ...references] = options.images;
  if (first === undefined) throw new RangeError('prepareEdit needs at least one image');
  const [decodedBase, decodedMask, referenceImages] = await Promise.all([
    decodeToRgba(first, 'image[0]'),
    options.mask === undefined ? undefined : decodeToRgba(options.mask, 'mask'),
    Promise.all(references.map((image, index) => describeReference(image, `image[${index + 1}]`))),
  ]);
  const outputSize = size ?? fitInside(decodedBase, maxSideLength);
  const [base, mask] = await Promise.all([
    resizeRaw(decodedBase, outputSize.width, outputSize.height, { fit: 'cover', kernel: 'lanczos3' }),
    decodedMask === undefined ? undefined : fitMask(decodedMask, decodedBase, outputSize),
  ]);
  return {
    base,
    mask,
    referenceColours: referenceImages.map((reference) => reference.dominantColour),
    inputImageSizes: [decodedBase, ...referenceImages].map(({ width, height }) => ({ width, height })),
  };
}

export interface EditRenderOptions {
  readonly prompt: string;
  readonly palette: Palette;
  readonly seed: number;
  readonly detail: CompositionDetail;
  /** `high` keeps more of the base visible. */
  readonly inputFidelity: 'high' | 'low' | undefined;
}

/** Paints a prompt-derived wash and shapes over the base, then restores the masked-off pixels. */
export async function renderEdit(prepared: PreparedEdit, options: EditRenderOptions): Promise<RawImage> {
  const sharp = await loadSharp();
  const { base } = prepared;
  const highFidelity = options.inputFidelity === 'high';
  const overlay = buildCompositionSvg({
    prompt: options.prompt,
    palette: options.palette,
    seed: options.seed,
    width: base.width,
    height: base.height,
    detail: options.detail,
    backdrop: { kind: 'tint', opacity: highFidelity ? 0.18 : 0.3 },
    shapeOpacity: highFidelity ? 0.55 : 0.8,
  });
  const data = await sharp(base.data, rawInput(base))
    .composite([{ input: Buffer.from(overlay) }])
    .raw()
    .toBuffer();
  const edited = { data, width: base.width, height: base.height };
  return prepared.mask === undefined ? edited : mergeByMask(base, edited, prepared.mask);
}

function fitInside(size: Size, maxSideLength: number): Size {
  const scale = Math.min(1, maxSideLength / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
