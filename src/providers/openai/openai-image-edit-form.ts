import type { ImageModelInputImage } from '../spec/image-model.ts';
import { withoutUndefined } from './openai-image-generation-body.ts';
import type { OpenAIImageRequest } from './openai-image-request-settings.ts';

/**
 * The multipart body of `POST /images/edits` (`CreateImageEditRequest`): one file part per
 * input image under `image[]` (`image` for dall-e-2), an optional `mask` file, the rest as text
 * fields. Files carry a filename and content type, as the SDKs send them.
 */
export function buildOpenAIImageEditForm(
  request: OpenAIImageRequest,
  images: ReadonlyArray<ImageModelInputImage>,
  mask: ImageModelInputImage | undefined,
): FormData {
  const form = new FormData();
  images.forEach((image, index) => form.append(request.imageField, toBlob(image), `image-${index + 1}.${extensionOf(image.mediaType)}`));
  if (mask !== undefined) form.append('mask', toBlob(mask), `mask.${extensionOf(mask.mediaType)}`);
  const fields = withoutUndefined({
    model: request.model,
    prompt: request.prompt,
    n: request.n,
    size: request.size,
    quality: request.quality,
    background: request.background,
    output_format: request.outputFormat,
    output_compression: request.outputCompression,
    input_fidelity: request.inputFidelity,
    response_format: request.responseFormat,
    stream: request.stream ? true : undefined,
    partial_images: request.partialImages,
  });
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  return form;
}

function toBlob(image: ImageModelInputImage): Blob {
  // A copy: Blob wants bytes backed by a plain ArrayBuffer, and the caller keeps its own.
  return new Blob([new Uint8Array(image.data)], { type: image.mediaType });
}

function extensionOf(mediaType: string): string {
  const subtype = /^image\/([a-z0-9.+-]+)/i.exec(mediaType)?.[1]?.toLowerCase();
  if (subtype === undefined) return 'bin';
  return subtype === 'jpeg' ? 'jpg' : subtype;
}
