import { ProviderError } from '../spec/provider-error.ts';

/**
 * A 2xx answer we cannot use: not JSON, not the documented shape, cut short. Never retried (the
 * same request would get the same answer); the body, as text, is kept for the logs.
 */
export function invalidResponse(provider: string, message: string, body: unknown, cause?: unknown): ProviderError {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new ProviderError({ provider, kind: 'invalid_response', message, body: text, isRetryable: false, cause });
}
