import { SpendRefusedError } from './spend-refused-error.ts';
import { ReservationFencedError } from './reservation-fenced-error.ts';
import { FetchImageError } from '../net/fetch-image-error.ts';
import { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import { ProviderError } from '../providers/spec/provider-error.ts';
import { ApiError } from './api-error.ts';
import { type ClientErrorScope, languageModelScope } from './client-error-scope.ts';
import { UnknownModelError } from './unknown-model-error.ts';

export { imageToolScope, imagesApiScope, languageModelScope, type ClientErrorScope } from './client-error-scope.ts';

/**
 * The one mapping from anything that failed to what the client is answered (status, envelope,
 * Retry-After), as OpenAI's SDKs expect it:
 * - upstream 429 → 429 with the upstream's code (`rate_limit_exceeded`, `insufficient_quota`)
 *   and Retry-After; overload (503, Anthropic 529 `overloaded_error`, Google `UNAVAILABLE`)
 *   → 503 `server_is_overloaded`;
 * - upstream 400 → 400 with the upstream's code and its `param` named as the client's field;
 * - a model no route serves (UnknownModelError) and upstream model_not_found → 404
 *   `model_not_found` naming `model` or `tools[i].model`;
 * - upstream 401/403 → 502 `upstream_auth_error`, `x-should-retry: false`: the client's key is
 *   not the upstream's, so a 401 would wrongly tell the client its own key is bad;
 * - upstream timeout → 504, other upstream failures → 502 `server_error` naming the provider;
 * - money refusing work (SpendRefusedError) → 429 `insufficient_quota` (`budget_exceeded`,
 *   `max_cost_exceeded`), or 400 `price_unknown` naming `model`;
 * - work whose reservation another instance released (ReservationFencedError, also as the
 *   cause of an image call's error) → 503 `server_error`;
 * - anything unexpected → 500.
 * `scope` says which request the upstream call served (a model step, an image tool call, the
 * Images API), for `param`.
 */
export function toClientError(error: unknown, scope: ClientErrorScope = languageModelScope): ApiError {
  if (error instanceof ApiError) return error;
  // Wrapped by the image call that it failed: the fencing, not the image backend, is the reason.
  const fenced = fencedCause(error);
  if (fenced !== undefined) return new ApiError(503, 'server_error', fenced.message, null, 'server_error', { cause: error });
  if (error instanceof UnknownModelError) return new ApiError(404, 'invalid_request_error', error.message, scope.modelParam, 'model_not_found', { cause: error });
  if (error instanceof ImageGenerationError) return imageGenerationToApiError(error, scope);
  if (error instanceof ProviderError) return providerToApiError(error, scope);
  if (error instanceof SpendRefusedError) return spendRefusedToApiError(error);
  if (error instanceof FetchImageError) return new ApiError(400, 'invalid_request_error', error.message, null, error.code, { cause: error });
  return new ApiError(500, 'server_error', 'The server had an error while processing your request.', null, 'server_error', { cause: error });
}

function spendRefusedToApiError(error: SpendRefusedError): ApiError {
  if (error.reason === 'unknown_price') return new ApiError(400, 'invalid_request_error', error.message, 'model', 'price_unknown', { cause: error });
  return new ApiError(429, 'insufficient_quota', error.message, null, error.reason === 'budget' ? 'budget_exceeded' : 'max_cost_exceeded', { cause: error });
}

function fencedCause(error: unknown): ReservationFencedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    if (current instanceof ReservationFencedError) return current;
    current = current.cause;
  }
  return undefined;
}

/** The upstream failure behind an error, following `cause` (an image error wraps the provider's). */
export function upstreamCause(error: unknown): ProviderError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ProviderError) return current;
    current = current.cause;
  }
  return undefined;
}

function imageGenerationToApiError(error: ImageGenerationError, scope: ClientErrorScope): ApiError {
  const upstream = upstreamCause(error);
  if (error.type === 'image_generation_user_error') {
    if (error.code === 'moderation_blocked') return new ApiError(400, 'image_generation_user_error', error.message, null, error.code, { cause: error });
    const named = upstream?.upstream.param ?? paramNamedIn(error.message);
    return new ApiError(400, 'invalid_request_error', error.message, named === undefined ? null : scope.param(named), error.code, { cause: error });
  }
  if (upstream !== undefined) return providerToApiError(upstream, scope);
  return new ApiError(502, 'server_error', `The image backend failed: ${error.message}`, null, error.code, { cause: error });
}

function providerToApiError(error: ProviderError, scope: ClientErrorScope): ApiError {
  const { upstream } = error;
  const provider = `the upstream provider (${error.provider})`;
  const detail = upstream.message ?? error.message;
  const retryAfterSeconds = error.retryAfterMillis === undefined ? undefined : Math.ceil(error.retryAfterMillis / 1000);
  const options = { cause: error, retryAfterSeconds };
  if (error.kind === 'timeout') return new ApiError(504, 'server_error', `${capitalize(provider)} did not answer in time: ${error.message}`, null, 'server_error', options);
  if (error.kind !== 'http') return new ApiError(502, 'server_error', `${capitalize(provider)} failed: ${error.message}`, null, 'server_error', options);
  const status = error.status;
  const type = upstream.type;
  const code = upstream.code;

  if (status === 503 || status === 529 || code === 'server_is_overloaded' || (type !== undefined && OVERLOADED_TYPES.has(type))) {
    return new ApiError(503, 'service_unavailable_error', `${capitalize(provider)} is overloaded: ${detail}`, null, 'server_is_overloaded', options);
  }
  if (status === 429 || (status === undefined && (RATE_LIMIT_CODES.has(code ?? '') || RATE_LIMIT_TYPES.has(type ?? '')))) {
    const quota = code === 'insufficient_quota' || type === 'insufficient_quota';
    return quota
      ? new ApiError(429, 'insufficient_quota', `${capitalize(provider)} has no quota left: ${detail}`, null, 'insufficient_quota', { ...options, shouldRetry: false })
      : new ApiError(429, 'rate_limit_error', `${capitalize(provider)} is rate limiting requests: ${detail}`, null, 'rate_limit_exceeded', options);
  }
  if (status === 401 || status === 403 || code === 'invalid_api_key' || AUTH_TYPES.has(type ?? '') || (status === 400 && /API key not valid/i.test(detail))) {
    // The upstream's words may quote part of the server's key; they go to the log, not the client.
    const message = `${capitalize(provider)} refused the server's credentials${status === undefined ? '' : ` (${status})`}; the server's operator must fix its configuration.`;
    return new ApiError(502, 'server_error', message, null, 'upstream_auth_error', { cause: error, shouldRetry: false });
  }
  if (code === 'model_not_found' || (status === 404 && (type === 'not_found_error' || type === 'NOT_FOUND' || /model/i.test(detail)))) {
    return new ApiError(404, 'invalid_request_error', `The model was not found at ${provider}: ${detail}`, scope.modelParam, 'model_not_found', { cause: error });
  }
  const badRequest = status === 400 || status === 413 || status === 422 || (status === undefined && type === 'invalid_request_error');
  if (badRequest && scope.badRequestBlamesCaller) {
    const param = upstream.param === undefined ? null : scope.param(upstream.param);
    return new ApiError(400, 'invalid_request_error', `${capitalize(provider)} rejected the request: ${detail}`, param, code ?? 'invalid_request', { cause: error });
  }
  return new ApiError(502, 'server_error', `${capitalize(provider)} failed: ${error.message}`, null, 'server_error', options);
}

// Anthropic `overloaded_error`, Google `UNAVAILABLE`, OpenAI `service_unavailable_error` (stream events).
const OVERLOADED_TYPES = new Set(['overloaded_error', 'UNAVAILABLE', 'service_unavailable_error']);
const RATE_LIMIT_CODES = new Set(['rate_limit_exceeded', 'insufficient_quota']);
// Anthropic `rate_limit_error`, Google `RESOURCE_EXHAUSTED`, OpenAI's 429 types.
const RATE_LIMIT_TYPES = new Set(['rate_limit_error', 'RESOURCE_EXHAUSTED', 'insufficient_quota', 'requests', 'tokens']);
// Anthropic, Google (`status`) and OpenAI-compatible servers' words for a refused key.
const AUTH_TYPES = new Set(['authentication_error', 'permission_error', 'UNAUTHENTICATED', 'PERMISSION_DENIED']);

const KNOWN_PARAMS = ['n', 'size', 'quality', 'background', 'output_format', 'output_compression', 'partial_images', 'prompt', 'input_fidelity', 'moderation'];

/**
 * Backends word their refusals as "Invalid n 3 …" or "… n must be 1 …"; naming the field lets
 * clients point at it. Best effort: undefined when no request field is named that way.
 */
function paramNamedIn(message: string): string | undefined {
  return KNOWN_PARAMS.find((param) => new RegExp(`(^|\\s)(Invalid ${param}\\b|${param} must\\b)`).test(message));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
