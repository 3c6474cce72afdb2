/** What reading a provider's event stream fails with, said the same way by the language-model adapters. */
import { invalidResponse } from './invalid-response.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { SseMessage } from './read-sse.ts';

export interface SseReadContext {
  readonly provider: string;
  /** The caller's signal: once aborted, its reason is what the stream rejects with. */
  readonly abortSignal: AbortSignal;
  /** Said when the body broke off, e.g. `anthropic stream broke off before message_stop`. */
  readonly brokeOff: string;
}

/**
 * Why reading stopped: the caller's abort wins, then a ProviderError the body failed with
 * (fetchWithRetry's idle timeout) or the stream reported; anything else means the body broke
 * off, an invalid_response.
 */
export function sseReadError(error: unknown, context: SseReadContext): unknown {
  if (context.abortSignal.aborted) return context.abortSignal.reason;
  if (error instanceof ProviderError) return error;
  return invalidResponse(context.provider, context.brokeOff, undefined, error);
}

/** The next event, failing as {@link sseReadError} says when the read fails. */
export async function readNextSse(iterator: AsyncIterator<SseMessage>, context: SseReadContext): Promise<IteratorResult<SseMessage>> {
  try {
    return await iterator.next();
  } catch (error) {
    throw sseReadError(error, context);
  }
}

/** An event's data as JSON; data that is not JSON is an invalid_response saying `message`. */
export function parseSseJson(provider: string, data: string, message = `${provider} sent a stream event that is not JSON`): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch (cause) {
    throw invalidResponse(provider, message, data, cause);
  }
}
