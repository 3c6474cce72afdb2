import { type Context, createContextKey, context as otelContext, trace } from '@opentelemetry/api';

/**
 * The request id rides in the OpenTelemetry context, not in an AsyncLocalStorage of our own: on
 * Node 20 an AsyncLocalStorage turns on promise hooks for every promise of the process once it
 * is first used (~0.1 ms per response, profile of `npm run bench:peers`). With tracing on, the
 * SDK's context manager carries the id to every log line of the request; with tracing off the
 * API's no-op manager keeps nothing and costs nothing, and the lines that matter name their
 * request (or response) explicitly.
 */
const REQUEST_ID = createContextKey('imagegate.request_id');

/** `parent` with the request id `requestId` in it: log lines written inside it name that request. */
export function withRequestIdValue(parent: Context, requestId: string): Context {
  return parent.setValue(REQUEST_ID, requestId);
}

/**
 * pino's `mixin`: the request id and the trace (when tracing is on) on every log line written
 * while a request is handled, also deep in the loop or a provider, with no logger passed around.
 */
export function requestLogFields(): Record<string, string> {
  const active = otelContext.active();
  const requestId = active.getValue(REQUEST_ID);
  const span = trace.getSpan(active)?.spanContext();
  return {
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(span && span.traceFlags !== 0 ? { trace_id: span.traceId, span_id: span.spanId } : {}),
  };
}
