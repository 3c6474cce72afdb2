import { parseJsonAs } from '../shared/parse-json-as.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { anthropicErrorSchema } from './anthropic-messages-wire.ts';

export interface AnthropicErrorDetails {
  /** e.g. `overloaded_error`, `rate_limit_error`, `invalid_request_error`. */
  readonly type: string;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
}

// Error types the errors guide lists as transient: 429 rate_limit_error, 500 api_error,
// 504 timeout_error, 529 overloaded_error.
const RETRYABLE_TYPES = new Set(['rate_limit_error', 'api_error', 'timeout_error', 'overloaded_error']);

/** Reads `{type:"error", error:{type, message}, request_id}`; undefined for anything else. */
export function parseAnthropicError(text: string | undefined): AnthropicErrorDetails | undefined {
  const parsed = parseJsonAs(anthropicErrorSchema, text);
  if (parsed === undefined) return undefined;
  return { type: parsed.error.type, message: parsed.error.message ?? undefined, requestId: parsed.request_id ?? undefined };
}

/**
 * An `error` event inside a 200 stream (streaming guide: e.g. `overloaded_error` during high
 * load). There is no HTTP status to report; whether a retry may help follows the error type.
 */
export function anthropicStreamError(provider: string, data: string): ProviderError {
  const details = parseAnthropicError(data);
  const label = details ? `${details.type}: ${details.message ?? 'no message'}` : 'unreadable error event';
  return new ProviderError({
    provider,
    kind: 'http',
    body: data,
    message: `${provider} reported an error mid-stream: ${label}`,
    upstream: details === undefined ? undefined : { type: details.type, message: details.message },
    isRetryable: details !== undefined && RETRYABLE_TYPES.has(details.type),
  });
}
