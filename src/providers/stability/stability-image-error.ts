import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { ProviderError } from '../shared/provider-error.ts';
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
    return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error', { cause: error });
  }
  return error;
}

export function readStabilityError(body: string | undefined): StabilityErrorBody | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed = stabilityErrorSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function moderationBlocked(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'moderation_blocked', 'image_generation_user_error', { cause });
}

/** A 2xx answer we cannot use; not retried. */
export function invalidResponse(provider: string, message: string, body: unknown, cause?: unknown): ProviderError {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new ProviderError({ provider, kind: 'invalid_response', message, body: text, isRetryable: false, cause });
}
