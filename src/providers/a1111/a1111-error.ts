import { parseJsonAs } from '../shared/parse-json-as.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { a1111ErrorSchema } from './a1111-wire.ts';

/**
 * Rewrites an HTTP failure's message from A1111's error body, keeping status, body and
 * retryability. Nothing A1111 refuses is the caller's to fix — imagegate validates prompt,
 * size, n and seed and re-encodes the images it sends — so every failure stays a ProviderError.
 * The usual 404 means the web UI runs without `--api`.
 */
export function mapA1111Error(error: ProviderError, path: string): ProviderError {
  if (error.kind !== 'http' || error.body === undefined) return error;
  const detail = describe(error.body);
  const message =
    error.status === 404 && detail === 'Not Found'
      ? `${error.provider} has no ${path}: start the web UI with --api (answered 404 Not Found)`
      : `${error.provider} answered ${error.status ?? 'an error'}: ${detail ?? error.body.slice(0, 200)}`;
  return new ProviderError({
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    body: error.body,
    message,
    isRetryable: error.isRetryable,
    retryAfterMillis: error.retryAfterMillis,
    upstream: error.upstream,
    cause: error,
  });
}

/** `OutOfMemoryError: CUDA out of memory…`, `Sampler not found`, `body.width: Input should be …`. */
function describe(body: string): string | undefined {
  const parsed = parseJsonAs(a1111ErrorSchema, body);
  if (parsed === undefined) return undefined;
  const { error, detail, errors } = parsed;
  if (Array.isArray(detail)) return detail.map((issue) => `${(issue.loc ?? []).join('.')}: ${issue.msg ?? 'invalid'}`).join('; ');
  const parts = [error, detail, errors].filter((part): part is string => part !== undefined && part !== '');
  // `errors` is often `str(e)` of the same exception `detail` already names ("404: Sampler not found").
  const unique = parts.filter((part, index) => !parts.some((other, otherIndex) => otherIndex !== index && other.length > part.length && other.includes(part)));
  return unique.length === 0 ? undefined : unique.join(': ');
}
