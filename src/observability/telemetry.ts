import { performance } from 'node:perf_hooks';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { PriceCatalog } from '../pricing/index.ts';
import type { ImageModel } from '../providers/spec/image-model.ts';
import type { LanguageModel } from '../providers/spec/language-model.ts';
import type { ResponseObject } from '../responses/wire/response-object.ts';
import type { BudgetStore } from '../storage/budget-store.ts';
import type { KeyStore } from '../storage/key-store.ts';
import { registerBudgetGauges } from './budget-gauges.ts';
import { tracingIsOn } from './tracing-state.ts';
import { LiveStats } from './live-stats.ts';
import type { ReadinessCheck } from './readiness.ts';
import { type ImagegateMetrics, createMetrics } from './metrics.ts';
import { type ProviderRetryEvent, providerRetryChannel } from '../providers/shared/provider-calls.ts';
import { type ModelObservers, observedImageModel, observedLanguageModel } from './observed-models.ts';

/** Metrics, spans and the live panel's numbers, built once per server. */
export interface Telemetry {
  metrics: ImagegateMetrics;
  live: LiveStats;
  /** What `/health/ready` checks. */
  readiness: readonly ReadinessCheck[];
  /** Milliseconds for durations (monotonic). */
  clock: () => number;
  /** The language model with a span, metrics and error counts per model step. */
  languageModel(model: LanguageModel): LanguageModel;
  /** The image backend with a span and metrics per image call. */
  imageModel(model: ImageModel): ImageModel;
  /** Runs a response inside its span; model-step and image-call spans become its children. */
  traceResponse(responseId: string, model: string, run: () => Promise<ResponseObject>): Promise<ResponseObject>;
  /** Stops listening for process-wide events (provider retries). */
  close(): void;
}

export function createTelemetry(dependencies: {
  catalog: PriceCatalog;
  keys: KeyStore;
  budgets: BudgetStore;
  now: () => number;
  readiness: readonly ReadinessCheck[];
}): Telemetry {
  const metrics = createMetrics();
  registerBudgetGauges(metrics.registry, dependencies);
  const live = new LiveStats(dependencies.now);
  const clock = () => performance.now();
  // The API's tracer is a no-op until an SDK registers (tracing.ts, only when OTEL_* asks for it).
  const onRetry = (message: unknown) => {
    const event = message as ProviderRetryEvent;
    metrics.providerRetries.inc({ provider: event.provider, code: event.code });
  };
  providerRetryChannel.subscribe(onRetry);
  // One observer set and one wrapper per model for the server's life: the registry keeps each
  // adapter, so no response pays for wrapping it again. The tracer is the API's proxy, which
  // follows an SDK registered later.
  const observers: ModelObservers = { metrics, tracer: trace.getTracer('imagegate'), catalog: dependencies.catalog, live, clock };
  const languageModels = new WeakMap<LanguageModel, LanguageModel>();
  const imageModels = new WeakMap<ImageModel, ImageModel>();
  return {
    metrics,
    live,
    readiness: dependencies.readiness,
    clock,
    close: () => providerRetryChannel.unsubscribe(onRetry),
    languageModel: (model) => cached(languageModels, model, () => observedLanguageModel(model, observers)),
    imageModel: (model) => cached(imageModels, model, () => observedImageModel(model, observers)),
    traceResponse(responseId, model, run) {
      // Tracing off: the no-op span would cost a context switch and an attribute object per response.
      if (!tracingIsOn()) return run();
      const attributes = { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'imagegate', 'gen_ai.request.model': model, 'gen_ai.response.id': responseId };
      return trace.getTracer('imagegate').startActiveSpan(`invoke_agent ${model}`, { attributes }, async (span) => {
        try {
          const response = await run();
          const info = response.imagegate;
          span.setAttributes({
            'imagegate.status': response.status,
            'imagegate.images': info.images_generated,
            'imagegate.model_steps': info.model_steps,
            'imagegate.ignored_tool_calls': info.ignored_tool_calls.length,
            'imagegate.ignored_reasons': [...new Set(info.ignored_tool_calls.map((call) => call.reason))],
            ...(info.cost?.total_usd === null || info.cost === undefined ? {} : { 'imagegate.cost_usd': info.cost.total_usd }),
            ...(response.usage ? { 'gen_ai.usage.input_tokens': response.usage.input_tokens, 'gen_ai.usage.output_tokens': response.usage.output_tokens } : {}),
          });
          if (response.status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: response.error?.message ?? 'failed' });
          return response;
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          span.end();
        }
      });
    },
  };
}

function cached<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
