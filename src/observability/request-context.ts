import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` as part of the request `requestId`: every log line it writes names that request. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requests.run({ requestId }, work);
}

/**
 * pino's `mixin`: the request id (and the trace, when tracing is on) on every log line written
 * while a request is handled, also deep in the loop or a provider, with no logger passed around.
 */
export function requestLogFields(): Record<string, string> {
  const requestId = requests.getStore()?.requestId;
  const span = trace.getActiveSpan()?.spanContext();
  return {
    ...(requestId === undefined ? {} : { requestId }),
    ...(span && span.traceFlags !== 0 ? { trace_id: span.traceId, span_id: span.spanId } : {}),
  };
}
