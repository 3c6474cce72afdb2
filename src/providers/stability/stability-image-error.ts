import type { ImageGenerationError } from '../spec/image-generation-error.ts';
import { invalidRequest, moderationBlocked } from '../shared/image/image-errors.ts';
import { parseJsonAs } from '../shared/parse-json-as.ts';
import type { ProviderError } from '../spec/provider-error.ts';
import { type StabilityErrorBody, stabilityErrorSchema } from './stability-image-wire.ts';

/**
 * Sorts an upstream failure: 403 `content_moderation` is `moderation_blocked`; 400 (bad
 * parameters), 413 (too large) and 422 (rejected) are the caller's `invalid_request`. Auth,
 * rate limits, server errors and network faults stay ProviderErrors.
 */
export function mapStabilityImageError(error: ProviderError): ImageGenerationError | ProviderError {
  if (error.kind !== 'http') return error;
  const body = readStabilityError(error.body);
  const message = body?.errors?.join(' ') || error.message;
  if (error.status === 403 && body?.name === 'content_moderation') return moderationBlocked(message, error);
  if (error.status === 400 || error.status === 413 || error.status === 422) {
    return invalidRequest(message, error);
  }
  return error;
}

export function readStabilityError(body: string | undefined): StabilityErrorBody | undefined {
  return parseJsonAs(stabilityErrorSchema, body);
}
