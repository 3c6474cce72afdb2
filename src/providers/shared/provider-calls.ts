import { channel } from 'node:diagnostics_channel';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { upstreamTarget } from './upstream-target.ts';

/** Published once per provider retry: `{ provider, code }`. Each server's telemetry counts them. */
export const providerRetryChannel = channel('imagegate:provider-retry');

export interface ProviderRetryEvent {
  provider: string;
  /** HTTP status, or the failure's kind (`timeout`, `network`). */
  code: string;
}

/** Reports a retry of a provider call (metrics subscribe through the diagnostics channel). */
export function reportProviderRetry(event: ProviderRetryEvent): void {
  if (providerRetryChannel.hasSubscribers) providerRetryChannel.publish(event);
}

/**
 * One provider HTTP attempt inside a client span (child of the model step or image call that
 * made it). The URL is recorded without its query: some providers take their key there.
 */
export function traceProviderCall<T extends { response: { readonly status: number } }>(provider: string, url: string, method: string, attempt: number, call: () => Promise<T>): Promise<T> {
  const target = upstreamTarget(url);
  const span = trace.getTracer('imagegate').startSpan(`${method} ${provider}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      'server.address': target.hostname,
      'url.full': target.withoutQuery,
      'imagegate.provider': provider,
      'http.request.resend_count': attempt,
    },
  });
  // Tracing off (no SDK, or not sampled): nothing to record, so no wrapper (and no promise of
  // this function's own) around the call. A URL that does not parse now throws here instead of
  // rejecting: fetchWithRetry, the one caller, awaits it in the same try either way.
  if (!span.isRecording()) return call();
  return recorded(span, call);
}

async function recorded<T extends { response: { readonly status: number } }>(span: Span, call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    span.setAttribute('http.response.status_code', result.response.status);
    return result;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
