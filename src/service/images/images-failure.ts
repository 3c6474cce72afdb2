import { ImageGenerationError } from '../../providers/spec/image-generation-error.ts';
import { imagesApiScope, toClientError } from '../../errors/to-client-error.ts';
import { ProviderError } from '../../providers/spec/provider-error.ts';

/**
 * A failed image request as the client sees it, by the one mapping (toClientError) with the
 * Images API's fields: a refusal the caller caused is a 400 naming the field, a moderation
 * refusal keeps `image_generation_user_error` / `moderation_blocked`, upstream 429 is a 429
 * with Retry-After, overload a 503, other backend faults a 502. Anything else (ApiErrors,
 * bugs) is left to the app's error handler.
 */
export function toImagesApiError(cause: unknown): unknown {
  if (cause instanceof ImageGenerationError || cause instanceof ProviderError) return toClientError(cause, imagesApiScope);
  return cause;
}
