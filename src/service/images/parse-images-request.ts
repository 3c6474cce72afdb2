import { invalidRequest } from '../../errors/api-error.ts';
import type { Services } from '../services.ts';
import { type CheckedImage, MAX_EDIT_IMAGES, checkInputImage, checkMask, toInputImage } from './check-input-images.ts';
import { type ImagesRequest, imagesRequestFromWire, parseWireBody } from './images-request.ts';
import { imageEditFormFieldsSchema, imageEditJsonRequestSchema, imageGenerationRequestSchema } from './images-request-schema.ts';
import { loadImageRef } from './load-image-ref.ts';

/** One uploaded file of the multipart edit form, with the name its errors use (`image`, `image[3]`, `mask`). */
export interface UploadedImage {
  param: string;
  data: Uint8Array;
}

/** The multipart edit form, read by the HTTP layer: text fields typed as JSON would carry them. */
export interface EditFormInput {
  fields: Record<string, unknown>;
  images: UploadedImage[];
  mask: UploadedImage | undefined;
}

/** The multipart form's text fields, for telling a misplaced file from an unknown field. */
export const EDIT_FORM_FIELDS: ReadonlySet<string> = new Set(Object.keys(imageEditFormFieldsSchema.shape));

/** `POST /v1/images/generations`. */
export function parseGenerationRequest(body: unknown): ImagesRequest {
  const wire = parseWireBody(imageGenerationRequestSchema, body);
  return imagesRequestFromWire('generation', wire, { images: [], mask: undefined });
}

/** `POST /v1/images/edits` as multipart/form-data. */
export async function parseEditFormRequest(form: EditFormInput, maxPixels: number): Promise<ImagesRequest> {
  const wire = parseWireBody(imageEditFormFieldsSchema, form.fields);
  if (form.images.length === 0) throw invalidRequest("Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  if (form.images.length > MAX_EDIT_IMAGES) {
    throw invalidRequest(`Invalid 'image': at most ${MAX_EDIT_IMAGES} images may be edited at once, but ${form.images.length} were sent.`, 'image', 'array_above_max_length');
  }
  const checked: CheckedImage[] = [];
  for (const upload of form.images) checked.push(await checkInputImage(upload.data, upload.param, maxPixels));
  const mask = form.mask === undefined ? undefined : checkMask(await checkInputImage(form.mask.data, form.mask.param, maxPixels), checked, form.mask.param);
  return imagesRequestFromWire('edit', wire, { images: checked.map(toInputImage), mask });
}

/** `POST /v1/images/edits` as JSON: `images` and `mask` are `{image_url}` or `{file_id}` references (files of `ownerId` only). */
export async function parseEditJsonRequest(body: unknown, services: Services, ownerId: string | null, abortSignal: AbortSignal): Promise<ImagesRequest> {
  const wire = parseWireBody(imageEditJsonRequestSchema, body);
  const checked: CheckedImage[] = [];
  for (const [index, ref] of wire.images.entries()) checked.push(await loadImageRef(ref, `images[${index}]`, services, ownerId, abortSignal));
  const mask = wire.mask ? checkMask(await loadImageRef(wire.mask, 'mask', services, ownerId, abortSignal), checked, wire.mask.file_id === undefined ? 'mask' : 'mask.file_id') : undefined;
  return imagesRequestFromWire('edit', wire, { images: checked.map(toInputImage), mask });
}
