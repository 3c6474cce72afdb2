import type { Context } from 'hono';
import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import type { EditFormInput, UploadedImage } from '../../service/images/parse-images-request.ts';

/** Fields whose text is an integer or a boolean on the wire; the rest stay strings. */
const INTEGER_FIELDS = new Set(['n', 'output_compression', 'partial_images']);
const BOOLEAN_FIELDS = new Set(['stream']);
const IMAGE_FIELDS = new Set(['image', 'image[]']);

/**
 * Reads a `multipart/form-data` edit request as openai-node sends it: `image` for one file,
 * `image[]` for several (curl's `-F "image[]=@a.png"`), `mask`, and text fields. The body was
 * already size-limited by the app's `/v1/*` body limit.
 */
export async function readEditForm(context: Context, knownFields: ReadonlySet<string>): Promise<EditFormInput> {
  const form = await readFormData(context);
  const fields: Record<string, unknown> = {};
  const imageEntries: Array<{ name: string; value: FormDataEntryValue }> = [];
  let maskEntry: FormDataEntryValue | undefined;
  for (const [name, value] of form.entries()) {
    if (IMAGE_FIELDS.has(name)) imageEntries.push({ name, value });
    else if (name === 'mask') maskEntry = value;
    else if (typeof value !== 'string') throw fileInTextField(name, knownFields);
    else fields[name] = typed(name, value);
  }
  // One file sent as `image` keeps that name in errors; several are numbered like an array.
  const single = imageEntries.length === 1 && imageEntries[0]?.name === 'image';
  const images: UploadedImage[] = [];
  for (const [index, entry] of imageEntries.entries()) {
    const param = single ? 'image' : `image[${index}]`;
    images.push({ param, data: await fileBytes(entry.value, param) });
  }
  const mask = maskEntry === undefined ? undefined : { param: 'mask', data: await fileBytes(maskEntry, 'mask') };
  return { fields, images, mask };
}

/** The body as FormData; a body that is not multipart/form-data is a 400. Shared by every multipart route. */
export async function readFormData(context: Context): Promise<FormData> {
  try {
    return await context.req.formData();
  } catch (cause) {
    throw new ApiError(400, 'invalid_request_error', 'We could not parse the multipart/form-data body of your request.', null, null, { cause });
  }
}

function typed(name: string, value: string): unknown {
  if (INTEGER_FIELDS.has(name) && /^-?\d+$/.test(value.trim())) return Number(value);
  if (BOOLEAN_FIELDS.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** The bytes of an uploaded file field; a text field where a file belongs is a 400 naming `param`. */
export async function fileBytes(value: FormDataEntryValue, param: string): Promise<Uint8Array> {
  if (typeof value === 'string') {
    throw invalidRequest(`Invalid type for '${param}': expected a file upload, but got a text field instead.`, param, 'invalid_type');
  }
  return new Uint8Array(await value.arrayBuffer());
}

/** A file uploaded where a text field belongs: unknown field, or the wrong type for a known one. */
export function fileInTextField(name: string, knownFields: ReadonlySet<string>): ApiError {
  if (!knownFields.has(name)) return invalidRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
  return invalidRequest(`Invalid type for '${name}': expected a text field, but got a file upload instead.`, name, 'invalid_type');
}
