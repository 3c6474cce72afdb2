/**
 * OpenTelemetry traces, off unless an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); everything else comes from the standard `OTEL_*`
 * variables through the SDK (protocol, headers, sampler, service name, batch delays). Metrics
 * and logs stay with Prometheus and pino unless `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER`
 * ask for them. Returns the SDK's shutdown, which flushes the spans still queued.
 */
export async function startTracing(env: NodeJS.ProcessEnv): Promise<(() => Promise<void>) | undefined> {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint === undefined || endpoint === '' || env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  // Loaded only when asked for: the SDK is large and most servers run without it.
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? 'imagegate',
    instrumentations: [],
    ...(env['OTEL_METRICS_EXPORTER'] ? {} : { metricReaders: [] }),
    ...(env['OTEL_LOGS_EXPORTER'] ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  return () => sdk.shutdown();
}
