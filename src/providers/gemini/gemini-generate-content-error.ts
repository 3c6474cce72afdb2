import { ProviderError, isRetryableStatus } from '../spec/provider-error.ts';
import { parseGoogleError } from './google-error.ts';

/** An `{error:…}` chunk inside a 200 stream; its `code` is the HTTP status it stands for. */
export function geminiStreamError(provider: string, data: string): ProviderError {
  const details = parseGoogleError(data);
  const status = details?.code;
  return new ProviderError({
    provider,
    kind: 'http',
    status,
    body: data,
    message: `${provider} reported an error mid-stream: ${details?.status ?? 'error'}: ${details?.message ?? 'no message'}`,
    isRetryable: status !== undefined && isRetryableStatus(status),
    upstream: details === undefined ? undefined : { type: details.status, message: details.message },
    retryAfterMillis: details?.retryDelaySeconds === undefined ? undefined : details.retryDelaySeconds * 1000,
  });
}
