/**
 * An image backend refused or failed one generation. The tool loop marks the call `failed`
 * and ends the response with `Response.error` set from `code`.
 */
export class ImageGenerationError extends Error {
  override readonly name = 'ImageGenerationError';

  constructor(
    message: string,
    /** One of OpenAI's `Response.error.code` values, e.g. `invalid_image`, `server_error`. */
    readonly code: string,
    /** `image_generation_user_error` for moderation and bad input, `server_error` otherwise. */
    readonly type: string = 'server_error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
