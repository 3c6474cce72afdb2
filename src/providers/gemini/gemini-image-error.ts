import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { ProviderError } from '../shared/provider-error.ts';
import { type GoogleErrorEnvelope, googleErrorEnvelopeSchema } from './gemini-image-wire.ts';

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
  const envelope = readGoogleErrorEnvelope(error.body);
  // A bad key is a 400 INVALID_ARGUMENT too (ErrorInfo reason API_KEY_INVALID): the server's
  // configuration is at fault, not the caller's request.
  if (errorInfoReasons(envelope).some((reason) => reason.startsWith('API_KEY'))) return error;
  const message = envelope?.error.message ?? error.message;
  if (responsibleAiPattern.test(message)) return moderationBlocked(message, error);
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error', { cause: error });
}

export function readGoogleErrorEnvelope(body: string | undefined): GoogleErrorEnvelope | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed = googleErrorEnvelopeSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function errorInfoReasons(envelope: GoogleErrorEnvelope | undefined): string[] {
  return (envelope?.error.details ?? []).flatMap((detail) =>
    detail['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo' && typeof detail.reason === 'string' ? [detail.reason] : [],
  );
}

export function moderationBlocked(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'moderation_blocked', 'image_generation_user_error', { cause });
}

/** A 2xx answer we cannot use; not retried (the same request would get the same answer). */
export function invalidResponse(provider: string, message: string, body: unknown, cause?: unknown): ProviderError {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new ProviderError({ provider, kind: 'invalid_response', message, body: text, isRetryable: false, cause });
}
