import { INVALID_SPAN_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, context, trace } from '@opentelemetry/api';
import { toClientError } from '../errors/to-client-error.ts';
import { type PriceCatalog, imageCost, textCost } from '../pricing/index.ts';
import type { ImageModel, ImageModelCallOptions } from '../providers/spec/image-model.ts';
import type { LanguageModel, LanguageModelStreamPart, LanguageModelUsage } from '../providers/spec/language-model.ts';
import type { LiveStats } from './live-stats.ts';
import type { ImagegateMetrics } from './metrics.ts';
import { tracingIsOn } from './tracing-state.ts';

export interface ModelObservers {
  metrics: ImagegateMetrics;
  tracer: Tracer;
  catalog: PriceCatalog;
  live: LiveStats;
  /** Milliseconds, for durations (performance.now in production). */
  clock: () => number;
}

/**
 * The language model, with a span per model step (OpenTelemetry GenAI attributes, the step's
 * cost) and the step counted and timed by provider and model. A streamed step ends when its
 * finish part arrives, not when the stream opens.
 */
export function observedLanguageModel(model: LanguageModel, observers: ModelObservers): LanguageModel {
  const step = (operation: string): StepStart => {
    // Tracing off: the tracer would hand out a no-op span anyway; not building its name,
    // attributes and context saves them per model step.
    if (!tracingIsOn()) return { span: NO_SPAN, startedAt: observers.clock() };
    const span = observers.tracer.startSpan(`chat ${model.modelId}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': model.provider, 'gen_ai.system': model.provider, 'gen_ai.request.model': model.modelId, 'imagegate.call': operation },
    });
    return { span, startedAt: observers.clock() };
  };
  const finish = (started: { span: Span; startedAt: number }, usage: LanguageModelUsage, finishReason: string) => {
    const labels = { provider: model.provider, model: model.modelId };
    observers.metrics.modelSteps.inc(labels);
    observers.metrics.modelStepDuration.observe(labels, (observers.clock() - started.startedAt) / 1000);
    // The attributes only matter to a recording span (tracing on); pricing the step again is not free.
    if (!started.span.isRecording()) {
      started.span.end();
      return;
    }
    const cost = textCost(observers.catalog, { model: model.modelId, inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens, outputTokens: usage.outputTokens });
    started.span.setAttributes({
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.usage.cached_input_tokens': usage.cachedInputTokens,
      'gen_ai.response.finish_reasons': [finishReason],
      ...(cost.known ? { 'imagegate.cost_usd': cost.costUsd } : {}),
    });
    started.span.end();
  };
  return {
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options) {
      const started = step('generate');
      try {
        const result = await within(started.span, () => model.doGenerate(options));
        finish(started, result.usage, result.finishReason);
        return result;
      } catch (error) {
        throw failed(started.span, observers, model.provider, error, options.abortSignal.aborted);
      }
    },
    async doStream(options) {
      const started = step('stream');
      try {
        const result = await within(started.span, () => model.doStream(options));
        if (result.parts !== undefined) {
          // Read in full already: its finish part has arrived, so the step ends now, and whichever
          // the caller takes (the parts at once or the stream) is not watched part by part.
          const last = result.parts.at(-1);
          if (last?.type === 'finish') finish(started, last.usage, last.finishReason);
          else started.span.end();
          return result;
        }
        return { ...result, stream: watchStream(result.stream, started, finish, (error) => failed(started.span, observers, model.provider, error, options.abortSignal.aborted)) };
      } catch (error) {
        throw failed(started.span, observers, model.provider, error, options.abortSignal.aborted);
      }
    },
  };
}

type StepStart = { span: Span; startedAt: number };

/**
 * The stream, its finish part observed as it passes: the step is counted and its span ended then.
 * An iterator around the model's own rather than a generator layer, so a part costs one `then`.
 */
function watchStream(
  stream: AsyncIterable<LanguageModelStreamPart>,
  started: StepStart,
  finish: (started: StepStart, usage: LanguageModelUsage, finishReason: string) => void,
  fail: (error: unknown) => unknown,
): AsyncIterable<LanguageModelStreamPart> {
  return {
    [Symbol.asyncIterator]: () => new WatchedStream(stream[Symbol.asyncIterator](), started, finish, fail),
  };
}

class WatchedStream implements AsyncIterator<LanguageModelStreamPart> {
  #finished = false;
  /** Set once the step's span was ended, by its finish part, a failure or a consumer that left. */
  #closed = false;

  constructor(
    private readonly inner: AsyncIterator<LanguageModelStreamPart>,
    private readonly started: StepStart,
    private readonly finish: (started: StepStart, usage: LanguageModelUsage, finishReason: string) => void,
    private readonly fail: (error: unknown) => unknown,
  ) {}

  next(): Promise<IteratorResult<LanguageModelStreamPart>> {
    return this.inner.next().then(this.#onResult, this.#onError);
  }

  /** A consumer that stopped early (a cancelled response) still closes the span. */
  async return(): Promise<IteratorResult<LanguageModelStreamPart>> {
    this.#close();
    const result = await this.inner.return?.();
    return result ?? { done: true, value: undefined };
  }

  readonly #onResult = (result: IteratorResult<LanguageModelStreamPart>): IteratorResult<LanguageModelStreamPart> => {
    if (result.done === true) this.#close();
    else if (result.value.type === 'finish' && !this.#finished) {
      this.#finished = true;
      this.#closed = true;
      this.finish(this.started, result.value.usage, result.value.finishReason);
    }
    return result;
  };

  readonly #onError = (error: unknown): never => {
    if (this.#finished || this.#closed) throw error;
    this.#closed = true;
    throw this.fail(error);
  };

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.started.span.end();
  }
}

/**
 * The image backend, with a span per image call (backend, model, size, quality, cost) and the
 * call's duration and image tokens counted. Images themselves are counted from the finished
 * response, which also covers responses that never reach this wrapper.
 */
export function observedImageModel(model: ImageModel, observers: ModelObservers): ImageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options: ImageModelCallOptions) {
      const span = tracingIsOn()
        ? observers.tracer.startSpan(`image_generation ${model.modelId}`, {
            kind: SpanKind.CLIENT,
            attributes: {
              'gen_ai.operation.name': 'image_generation',
              'gen_ai.provider.name': model.provider,
              'gen_ai.request.model': model.modelId,
              'imagegate.image.backend': model.provider,
              'imagegate.image.action': options.images.length > 0 ? 'edit' : 'generate',
            },
          })
        : NO_SPAN;
      const startedAt = observers.clock();
      try {
        const result = await within(span, () => model.doGenerate(options));
        observers.metrics.imageCallDuration.observe({ backend: model.provider, model: model.modelId }, (observers.clock() - startedAt) / 1000);
        const usage = result.usage;
        if (usage) countImageTokens(observers.metrics, model.modelId, usage);
        // As for a model step: the attributes (and pricing the call again) only matter to a recording span.
        if (!span.isRecording()) {
          span.end();
          return result;
        }
        const cost = imageCost(observers.catalog, { model: model.modelId, quality: result.quality, size: result.size, count: result.images.length, partialImages: options.partialImages, usage });
        span.setAttributes({
          'imagegate.image.size': result.size,
          'imagegate.image.quality': result.quality,
          'imagegate.images': result.images.length,
          ...(usage ? { 'gen_ai.usage.input_tokens': usage.inputTokens, 'gen_ai.usage.output_tokens': usage.outputTokens } : {}),
          ...(cost.known ? { 'imagegate.cost_usd': cost.costUsd } : {}),
        });
        span.end();
        return result;
      } catch (error) {
        throw failed(span, observers, model.provider, error, options.abortSignal.aborted);
      }
    },
  };
}

function countImageTokens(metrics: ImagegateMetrics, model: string, usage: NonNullable<Awaited<ReturnType<ImageModel['doGenerate']>>['usage']>): void {
  const count = (type: string, modality: string, value: number) => {
    if (value > 0) metrics.tokens.inc({ gen_ai_request_model: model, gen_ai_token_type: type, gen_ai_token_modality: modality }, value);
  };
  count('input', 'text', usage.inputTextTokens);
  count('input', 'image', usage.inputImageTokens);
  const outputText = usage.outputTextTokens ?? 0;
  count('output', 'text', outputText);
  count('output', 'image', usage.outputTokens - outputText);
}

/** What every span is while tracing is off: recording nothing, its methods do nothing. */
const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Runs `work` with `span` active: the provider HTTP calls it makes become its children. */
function within<T>(span: Span, work: () => Promise<T>): Promise<T> {
  if (span === NO_SPAN) return work();
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Ends the span as an error and counts the provider failure by its client-facing code. */
function failed(span: Span, observers: ModelObservers, provider: string, error: unknown, aborted: boolean): unknown {
  const code = aborted ? 'cancelled' : (toClientError(error).code ?? 'unknown');
  // A client that went away is no provider's fault.
  if (!aborted) {
    observers.metrics.providerErrors.inc({ provider, code });
    observers.live.providerError(provider, code);
  }
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute('error.type', code);
  span.end();
  return error;
}
