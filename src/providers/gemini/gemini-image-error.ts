import type { ImageGenerationError } from '../spec/image-generation-error.ts';
import { invalidRequest, moderationBlocked } from '../shared/image/image-errors.ts';
import type { ProviderError } from '../spec/provider-error.ts';
import { parseGoogleError } from './google-error.ts';

// Imagen refuses prompts with a 400 INVALID_ARGUMENT whose message says "…sensitive words that
// violate Google's Responsible AI practices…" (the apostrophe is sometimes typographic).
const responsibleAiPattern = /Responsible AI practices/i;

/**
 * Sorts an upstream failure of the Google image APIs: a Responsible-AI refusal is
 * `moderation_blocked`, any other 400 (INVALID_ARGUMENT, FAILED_PRECONDITION) is the caller's
 * `invalid_request`. Auth, quota, server errors and network faults stay ProviderErrors.
 */
export function mapGoogleImageError(error: ProviderError): ImageGenerationError | ProviderError {
  if (error.kind !== 'http' || error.status !== 400) return error;
  const details = parseGoogleError(error.body);
  // A bad key is a 400 INVALID_ARGUMENT too (ErrorInfo reason API_KEY_INVALID): the server's
  // configuration is at fault, not the caller's request.
  if (details?.reasons.some((reason) => reason.startsWith('API_KEY')) === true) return error;
  const message = details?.message ?? error.message;
  if (responsibleAiPattern.test(message)) return moderationBlocked(message, error);
  return invalidRequest(message, error);
}
