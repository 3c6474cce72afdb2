import type { ImageOutputFormat } from '../spec/image-model.ts';

/** One Stability request, decided; the builder only renames to the wire's multipart fields. */
export interface StabilityFormFields {
  readonly prompt: string;
  /** SD3's `model`. */
  readonly model: string | undefined;
  /** SD3 image-to-image needs `mode`; text-to-image is its default and is not sent. */
  readonly mode: 'image-to-image' | undefined;
  readonly aspectRatio: string | undefined;
  readonly strength: number | undefined;
  readonly seed: number | undefined;
  readonly outputFormat: ImageOutputFormat;
  readonly image: { readonly data: Uint8Array; readonly mediaType: string } | undefined;
  /** Grayscale png: white = repaint, black = keep. */
  readonly mask: Uint8Array | undefined;
}

const extensions: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** The multipart body; fetch writes its content-type with the boundary. Re-sendable on retry. */
export function buildStabilityForm(fields: StabilityFormFields): FormData {
  const form = new FormData();
  form.append('prompt', fields.prompt);
  if (fields.model !== undefined) form.append('model', fields.model);
  if (fields.mode !== undefined) form.append('mode', fields.mode);
  if (fields.aspectRatio !== undefined) form.append('aspect_ratio', fields.aspectRatio);
  if (fields.strength !== undefined) form.append('strength', String(fields.strength));
  if (fields.seed !== undefined) form.append('seed', String(fields.seed));
  form.append('output_format', fields.outputFormat);
  if (fields.image !== undefined) {
    form.append('image', toBlob(fields.image.data, fields.image.mediaType), `image.${extensions[fields.image.mediaType] ?? 'png'}`);
  }
  if (fields.mask !== undefined) form.append('mask', toBlob(fields.mask, 'image/png'), 'mask.png');
  return form;
}

function toBlob(data: Uint8Array, type: string): Blob {
  // A copy: Blob wants bytes backed by a plain ArrayBuffer, and the caller keeps its own.
  return new Blob([new Uint8Array(data)], { type });
}
