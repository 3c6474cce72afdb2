import { ProviderError } from '../spec/provider-error.ts';
import { openAIErrorDetails, readOpenAIErrorEnvelope } from './openai-error-envelope.ts';
import { openAIResponsesErrorEventSchema, type OpenAIResponse } from './openai-responses-wire.ts';

/**
 * An HTTP failure whose body is OpenAI's `{error:{message,type,param,code}}` gets a message
 * naming type, code and param, so logs say what OpenAI objected to; status, body, Retry-After
 * and retryability are kept, and the original error stays the `cause`. Anything else (network,
 * timeouts, aborts, other bodies) is returned as it came.
 */
export function mapOpenAIResponsesError(error: unknown): unknown {
  if (!(error instanceof ProviderError) || error.kind !== 'http') return error;
  const details = readOpenAIErrorEnvelope(error.body);
  if (details === undefined) return error;
  const labels = [details.type, details.code === undefined ? undefined : `code ${details.code}`, details.param === undefined ? undefined : `param ${details.param}`];
  const label = labels.filter((part) => part !== undefined).join(', ');
  return new ProviderError({
    provider: error.provider,
    kind: 'http',
    status: error.status,
    body: error.body,
    isRetryable: error.isRetryable,
    retryAfterMillis: error.retryAfterMillis,
    upstream: details,
    message: `${error.provider} answered ${error.status ?? 'an error'}${label === '' ? '' : ` (${label})`}: ${details.message ?? 'no message'}`,
    cause: error,
  });
}

/**
 * The stream's `error` event, in either shape OpenAI has sent: nested
 * `{type:"error", error:{type, code, message, param}}` (current) or flat
 * `{type:"error", code, message, param}` (older); or an `{error:{…}}` payload some proxies send.
 * Code, type, param and message are kept for the client mapping (`rate_limit_exceeded` → 429).
 */
export function openAIResponsesStreamError(provider: string, payload: unknown, data: string): ProviderError {
  const nested = readOpenAIErrorEnvelope(data);
  const flat = openAIResponsesErrorEventSchema.safeParse(payload);
  const details = nested ?? (flat.success ? openAIErrorDetails({ ...flat.data, type: undefined }) : undefined);
  const code = details?.code === undefined ? '' : ` (code ${details.code})`;
  return new ProviderError({
    provider,
    kind: 'http',
    body: data,
    isRetryable: false,
    upstream: details,
    message: `${provider} reported an error mid-stream${code}: ${details?.message ?? 'no message'}`,
  });
}

/** A response that ended `failed`: its `error: {code, message}` says why. */
export function openAIResponsesFailedError(provider: string, response: Pick<OpenAIResponse, 'error'>, body: string): ProviderError {
  const code = response.error?.code ?? undefined;
  return new ProviderError({
    provider,
    kind: 'http',
    body,
    // OpenAI's own codes for failures that may pass on a later attempt (OpenAPI `ResponseError`).
    isRetryable: code === 'server_error' || code === 'rate_limit_exceeded',
    upstream: { code, message: response.error?.message ?? undefined },
    message: `${provider} failed the response${code === undefined ? '' : ` (code ${code})`}: ${response.error?.message ?? 'no message'}`,
  });
}

