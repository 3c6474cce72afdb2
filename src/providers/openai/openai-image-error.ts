import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { moderationBlocked } from '../shared/image/image-errors.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { readOpenAIErrorEnvelope } from './openai-error-envelope.ts';

// `moderation_blocked` is the GPT image code (guide: "use error.code as the stable
// discriminator"); dall-e answered `content_policy_violation` with type invalid_request_error.
const moderationCodes = new Set(['moderation_blocked', 'content_policy_violation']);

/**
 * Sorts an upstream failure: a moderation refusal or a request OpenAI rejected (400, or an
 * `image_generation_user_error`) is the caller's to fix and becomes an ImageGenerationError;
 * auth, rate limits, server errors and network faults stay ProviderErrors.
 */
export function mapOpenAIImageError(error: ProviderError): ImageGenerationError | ProviderError {
  if (error.kind !== 'http') return error;
  const details = readOpenAIErrorEnvelope(error.body);
  const message = details?.message ?? error.message;
  const code = details?.code;
  if (code !== undefined && moderationCodes.has(code)) return moderationBlocked(message, error);
  if (error.status === 400 || details?.type === 'image_generation_user_error') {
    return new ImageGenerationError(message, code ?? 'invalid_request', 'image_generation_user_error', { cause: error });
  }
  return error;
}

/** An `{error:{…}}` payload inside a stream (the SDKs treat any event with `error` as a failure). */
export function openAIStreamError(provider: string, data: string): ImageGenerationError | ProviderError {
  const message = readOpenAIErrorEnvelope(data)?.message ?? 'unknown error';
  return mapOpenAIImageError(new ProviderError({ provider, kind: 'http', body: data, message: `${provider} reported an error mid-stream: ${message}`, isRetryable: false }));
}
