import { type FakeHttpServer, startFakeHttpServer } from './fake-http-server.ts';

/** A span as the OTLP/HTTP JSON encoding carries it, attributes flattened to plain values. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  /** `service.name` and friends of the resource that sent it. */
  resource: Record<string, unknown>;
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}

interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

interface OtlpTraceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpKeyValue[] }> }>;
  }>;
}

/**
 * A fake OpenTelemetry collector on loopback: accepts OTLP/HTTP JSON on `/v1/traces`
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) and keeps every span it is sent.
 */
export async function startOtlpCollector(): Promise<FakeHttpServer & { spans(): CollectedSpan[] }> {
  const server = await startFakeHttpServer(() => ({ json: { partialSuccess: {} } }));
  return {
    ...server,
    spans: () =>
      server.requests
        .filter((request) => request.url === '/v1/traces')
        .flatMap((request) => {
          if (!String(request.headers['content-type']).includes('json')) throw new Error(`expected OTLP JSON, got ${request.headers['content-type']}`);
          return decodeTraces(request.json() as OtlpTraceRequest);
        }),
  };
}

function decodeTraces(body: OtlpTraceRequest): CollectedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: attributesOf(span.attributes),
        resource,
      })),
    );
  });
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((entry) => [entry.key, valueOf(entry.value)]));
}

function valueOf(value: OtlpAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  // int64 may arrive as a JSON string.
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
