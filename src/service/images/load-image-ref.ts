import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import { FetchImageError } from '../../net/fetch-image-error.ts';
import { fetchImageUrl } from '../../net/fetch-image-url.ts';
import { decodeDataUrl } from '../../responses/conversation/decode-image-url.ts';
import { loadFileImage } from '../files/load-file-image.ts';
import { bothGiven } from '../files/resolve-input-files.ts';
import type { Services } from '../services.ts';
import { type CheckedImage, checkInputImage } from './check-input-images.ts';
import type { ImageRefWire } from './images-request-schema.ts';

/**
 * Loads one `ImageRefParam` of the JSON edit form: a data URL is decoded, an http(s) URL is
 * fetched through the guarded fetch (no private addresses unless configured, size and time capped).
 * A `file_id` is an upload of the caller's key (another key's is 404 naming the field).
 * `param` names the reference, e.g. `images[2]` or `mask`.
 */
export async function loadImageRef(ref: ImageRefWire, param: string, services: Services, ownerId: string | null, abortSignal: AbortSignal): Promise<CheckedImage> {
  if (ref.file_id !== undefined) {
    const fileParam = `${param}.file_id`;
    if (ref.image_url !== undefined) throw bothGiven(fileParam);
    const file = await loadFileImage(ref.file_id, fileParam, services, ownerId);
    return checkInputImage(file.data, fileParam, services.config.limits.maxInputImagePixels);
  }
  const urlParam = `${param}.image_url`;
  if (ref.image_url === undefined) throw invalidRequest(`Missing required parameter: '${urlParam}'.`, urlParam, 'missing_required_parameter');
  const decoded = decodeDataUrl(ref.image_url, urlParam);
  if (decoded) return checkInputImage(decoded.data, urlParam, services.config.limits.maxInputImagePixels);
  const { imageUrls } = services.config;
  try {
    const fetched = await fetchImageUrl(ref.image_url, {
      allowPrivateAddresses: imageUrls.allowPrivateAddresses,
      maxBytes: imageUrls.maxBytes,
      timeoutMillis: imageUrls.timeoutMillis,
      abortSignal,
    });
    return await checkInputImage(fetched.data, urlParam, services.config.limits.maxInputImagePixels);
  } catch (cause) {
    if (cause instanceof FetchImageError) throw new ApiError(400, 'invalid_request_error', cause.message, urlParam, cause.code, { cause });
    throw cause;
  }
}
