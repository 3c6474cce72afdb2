import { ApiError } from '../../errors/api-error.ts';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { ProviderError } from '../../providers/shared/provider-error.ts';

const KNOWN_PARAMS = ['n', 'size', 'quality', 'background', 'output_format', 'output_compression', 'partial_images', 'prompt', 'input_fidelity', 'moderation'];

/**
 * A failed image call as the client sees it: what the caller got wrong (`image_generation_user_error`)
 * is a 400 — a moderation refusal keeps `type: image_generation_user_error, code: moderation_blocked`,
 * as OpenAI sends it; backend faults are a 502 `server_error`. Anything else is left to the
 * app's error handler (a 500).
 */
export function toImagesApiError(cause: unknown): unknown {
  if (cause instanceof ApiError) return cause;
  if (cause instanceof ImageGenerationError) {
    if (cause.type === 'image_generation_user_error') {
      if (cause.code === 'moderation_blocked') return new ApiError(400, 'image_generation_user_error', cause.message, null, cause.code, { cause });
      return new ApiError(400, 'invalid_request_error', cause.message, paramNamedIn(cause.message), cause.code, { cause });
    }
    return new ApiError(502, 'server_error', `The image backend failed: ${cause.message}`, null, cause.code, { cause });
  }
  if (cause instanceof ProviderError) {
    const code = cause.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    return new ApiError(502, 'server_error', `The image backend (${cause.provider}) failed: ${cause.message}`, null, code, { cause });
  }
  return cause;
}

/**
 * Backends word their refusals as "Invalid n 3 …" or "… n must be 1 …"; naming the field lets
 * clients point at it. Best effort: null when no request field is named that way.
 */
function paramNamedIn(message: string): string | null {
  for (const param of KNOWN_PARAMS) {
    if (new RegExp(`(^|\\s)(Invalid ${param}\\b|${param} must\\b)`).test(message)) return param;
  }
  return null;
}
