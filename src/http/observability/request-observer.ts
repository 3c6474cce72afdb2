import { ROOT_CONTEXT, type Span, type SpanContext, SpanKind, SpanStatusCode, TraceFlags, context as otelContext, propagation, trace } from '@opentelemetry/api';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.ts';
import type { ResponseObject } from '../../responses/wire/response-object.ts';
import type { Principal, Services } from '../../service/services.ts';
import type { ImageModel } from '../../providers/spec/image-model.ts';
import type { GeneratedImages } from '../../service/images/generate-images.ts';
import { observeImages } from './observe-images.ts';
import { isJsonAnswer } from '../json-answer.ts';
import { type ResponseSummary, observeResponse } from '../../observability/observe-response.ts';
import { withRequestIdValue } from '../../observability/request-context.ts';
import { tracingIsOn } from '../../observability/tracing-state.ts';

/** What one request learned along the way, for its access-log line and span. */
export class RequestObservation {
  summary: ResponseSummary | undefined;
  /** The response answered, counted with the access-log line, after its bytes are sent. */
  private response: ResponseObject | undefined;
  private recorded = false;

  constructor(
    private readonly services: Services,
    private readonly context: Context<AppEnv>,
  ) {}

  /** Called by the Images API with what it generated (JSON answer or the end of a stream). */
  imagesFinished(model: Pick<ImageModel, 'provider' | 'modelId'>, generated: GeneratedImages): void {
    this.summary = observeImages(model, generated, this.keyId(), this.services.telemetry.metrics, this.services.telemetry.live);
  }

  /** Called by a route with the response it answered (JSON or the end of a stream). */
  responseFinished(response: unknown): void {
    if ((response as { object?: unknown } | undefined)?.object !== 'response') return;
    this.response = response as ResponseObject;
    // A stream whose client left is recorded before its response ends: counted at once.
    if (this.recorded) this.observeResponse();
  }

  /** The summary for the access-log line, once the answer is over: the response is counted now. */
  record(): ResponseSummary | undefined {
    this.recorded = true;
    this.observeResponse();
    return this.summary;
  }

  private observeResponse(): void {
    const response = this.response;
    if (response === undefined) return;
    this.response = undefined;
    this.summary = observeResponse(response, this.keyId(), this.services.telemetry.metrics, this.services.telemetry.live);
  }

  private keyId(): string | null {
    return keyIdOf(this.context);
  }
}

/**
 * Per request: a server span continuing the client's W3C `traceparent`, the HTTP metrics, and
 * one JSON access-log line (request id, key id, method, route, status, duration, model, images,
 * cost, response id) written when the answer is over — for a stream, when the stream ends.
 */
export function observeRequests(services: Services): MiddlewareHandler<AppEnv> {
  const { metrics, live, clock } = services.telemetry;
  const accessLog = accessLogger(services.logger);
  return async (context, next) => {
    const startedAt = clock();
    const requestId = context.get('requestId');
    const method = context.req.method;
    const observation = new RequestObservation(services, context);
    context.set('observation', observation);
    live.request();
    if (services.logger.isLevelEnabled('debug')) {
      services.logger.debug({ requestId, method, path: context.req.path, userAgent: context.req.header('user-agent') }, 'request received');
    }
    // Tracing off (no SDK registered): no span, no context to carry, nothing to set on either.
    let span: Span | undefined;
    if (tracingIsOn()) span = await withServerSpan(context, requestId, method, next);
    else await next();

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      const status = context.res.status;
      const route = routeOf(context);
      const durationSeconds = (clock() - startedAt) / 1000;
      const labels = { route, method, status: String(status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, durationSeconds);
      // The response is counted here, after its bytes are handed to the socket, not before.
      const summary = observation.record();
      const keyId = keyIdOf(context);
      const spanContext = span === undefined ? undefined : endServerSpan(span, method, route, status, keyId);
      // Built field by field, in the line's order, without spreading objects into one.
      const fields: AccessLogFields = { requestId, keyId, method, route, path: context.req.path, status, durationMs: Math.round(durationSeconds * 1000) };
      // Sampled spans only: an unsampled id leads nowhere in the tracing backend.
      if (spanContext !== undefined && (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED) {
        fields.trace_id = spanContext.traceId;
        fields.span_id = spanContext.spanId;
      }
      if (summary !== undefined) {
        if (summary.responseId !== '') fields.responseId = summary.responseId;
        fields.model = summary.model;
        fields.images = summary.images;
        fields.costUsd = summary.costUsd;
      }
      accessLog.info(fields, 'request completed');
    };

    // Served by @hono/node-server, the Node response says when the answer is over (sent, failed
    // or the client gone) at no cost per chunk. A JSON answer is then counted and logged after
    // its bytes are handed to the socket, not before: the client does not wait for its log line.
    const outgoing = (context.env as Partial<HttpBindings> | undefined)?.outgoing;
    // The content type first: reading `body` of a JSON answer would turn @hono/node-server's
    // lightweight response into a full web Response and its body into a stream (~0.2 ms each).
    const body = !isJsonAnswer(context.res) && (context.res.headers.get('content-type') ?? '').startsWith('text/event-stream') ? context.res.body : null;
    if (body === null) {
      whenClosed(outgoing, finish);
      return;
    }
    metrics.openStreams.inc({ kind: 'sse' });
    const closed = () => {
      metrics.openStreams.dec({ kind: 'sse' });
      finish();
    };
    // Anywhere else than @hono/node-server the stream is watched by a wrapper.
    if (outgoing !== undefined) whenClosed(outgoing, closed);
    else context.res = new Response(untilClosed(body, closed), context.res);
  };
}

/** Runs the rest of the chain inside a server span continuing the client's `traceparent`. */
async function withServerSpan(context: Context<AppEnv>, requestId: string, method: string, next: () => Promise<void>): Promise<Span> {
  const parent = propagation.extract(ROOT_CONTEXT, context.req.raw.headers, headersGetter);
  const span = trace.getTracer('imagegate').startSpan(
    `${method} ${context.req.path}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': context.req.path, 'imagegate.request_id': requestId } },
    parent,
  );
  await otelContext.with(withRequestIdValue(trace.setSpan(parent, span), requestId), next);
  return span;
}

/** Names the span by its route, sets what the answer was and ends it; its context is for the log line. */
function endServerSpan(span: Span, method: string, route: string, status: number, keyId: string | null): SpanContext {
  span.updateName(`${method} ${route}`);
  span.setAttributes({ 'http.route': route, 'http.response.status_code': status, ...(keyId === null ? {} : { 'imagegate.key_id': keyId }) });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  return span.spanContext();
}

/**
 * The access log: its fields are fixed names (ids, method, route, numbers) that never hold a
 * secret, so the line skips the secret-path redaction every other line pays (~0.02 ms each).
 */
export function accessLogger(logger: Logger): Logger {
  let child = accessLoggers.get(logger);
  if (child === undefined) {
    child = logger.child({}, { redact: { paths: [] } });
    accessLoggers.set(logger, child);
  }
  return child;
}

const accessLoggers = new WeakMap<Logger, Logger>();
/** Calls `onClose` once the Node response is closed (at once when it already is, or there is none). */
function whenClosed(outgoing: HttpBindings['outgoing'] | undefined, onClose: () => void): void {
  if (outgoing === undefined || outgoing.closed) onClose();
  else outgoing.once('close', onClose);
}

/** The same bytes, calling `onClose` once when the stream ends, fails or the client cancels it. */
function untilClosed(body: ReadableStream<Uint8Array>, onClose: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          close();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        close();
      }
    },
    async cancel(reason) {
      close();
      await reader.cancel(reason);
    },
  });
}

/** The access-log line's fields, in this order. */
interface AccessLogFields {
  requestId: string;
  keyId: string | null;
  method: string;
  route: string;
  path: string;
  status: number;
  durationMs: number;
  trace_id?: string;
  span_id?: string;
  responseId?: string;
  model?: string;
  images?: number;
  costUsd?: number | null;
}

function keyIdOf(context: Context<AppEnv>): string | null {
  return (context.get('principal') as Principal | undefined)?.keyId ?? null;
}

/** The route template that answered (`/v1/responses/:id`), never the raw path: bounded label values. */
function routeOf(context: Context<AppEnv>): string {
  const routes = matchedRoutes(context);
  for (let index = routes.length - 1; index >= 0; index -= 1) if (routes[index]!.method !== 'ALL') return routes[index]!.path;
  return 'unmatched';
}

const headersGetter = {
  keys: (carrier: Headers) => [...carrier.keys()],
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
};
