import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a fast cached answer to a long image render. */
const DURATION_BUCKETS_SECONDS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Every Prometheus instrument imagegate keeps, in its own registry (one per server, so two
 * servers in one process never mix their numbers). Token labels use the OpenTelemetry GenAI
 * names (`gen_ai_request_model`, `gen_ai_token_type`) plus a modality label (text / image).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'imagegate_http_requests_total', help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({
      name: 'imagegate_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (to the end of its stream), by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    modelSteps: new Counter({ name: 'imagegate_model_steps_total', help: 'Language-model calls (model steps), by provider and model.', labelNames: ['provider', 'model'], registers }),
    modelStepDuration: new Histogram({
      name: 'imagegate_model_step_duration_seconds',
      help: 'Duration of one model step, by provider and model.',
      labelNames: ['provider', 'model'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    tokens: new Counter({
      name: 'imagegate_gen_ai_client_token_usage_total',
      help: 'Tokens used, by model, direction (gen_ai.token.type: input / output) and modality (text / image).',
      labelNames: ['gen_ai_request_model', 'gen_ai_token_type', 'gen_ai_token_modality'],
      registers,
    }),
    images: new Counter({ name: 'imagegate_images_generated_total', help: 'Images generated, by backend, model, size and quality.', labelNames: ['backend', 'model', 'size', 'quality'], registers }),
    imageCallDuration: new Histogram({
      name: 'imagegate_image_call_duration_seconds',
      help: 'Duration of one image-backend call, by backend and model.',
      labelNames: ['backend', 'model'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    ignoredToolCalls: new Counter({ name: 'imagegate_ignored_tool_calls_total', help: 'Image tool calls the server did not run, by reason.', labelNames: ['reason'], registers }),
    cost: new Counter({
      name: 'imagegate_cost_usd_total',
      help: 'Money spent in USD, by key (`anonymous` without one), model and kind (model_step / image).',
      labelNames: ['key', 'model', 'kind'],
      registers,
    }),
    unpricedWork: new Counter({ name: 'imagegate_unpriced_work_total', help: 'Model steps and images whose price was unknown (not in imagegate_cost_usd_total).', labelNames: ['model', 'kind'], registers }),
    providerErrors: new Counter({ name: 'imagegate_provider_errors_total', help: 'Failed provider calls, by provider and error code.', labelNames: ['provider', 'code'], registers }),
    providerRetries: new Counter({ name: 'imagegate_provider_retries_total', help: 'Provider calls retried, by provider and the status (or timeout / network) that caused it.', labelNames: ['provider', 'code'], registers }),
    openStreams: new Gauge({ name: 'imagegate_open_streams', help: 'Open streaming connections, by kind (sse / websocket).', labelNames: ['kind'], registers }),
  };
}

export type ImagegateMetrics = ReturnType<typeof createMetrics>;
