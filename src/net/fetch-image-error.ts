/** OpenAI's `Response.error.code` values for an image URL the server could not use. */
export type FetchImageErrorCode =
  | 'failed_to_download_image'
  | 'image_file_too_large'
  | 'invalid_image_url'
  | 'unsupported_image_media_type';

/**
 * Fetching an `input_image.image_url` failed: the network, the status, the timeout, the size,
 * the media type, or the address policy (server-side request forgery guard).
 */
export class FetchImageError extends Error {
  override readonly name = 'FetchImageError';

  constructor(
    message: string,
    readonly code: FetchImageErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
