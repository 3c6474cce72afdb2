import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPriceCatalog } from '../pricing/price-catalog.ts';
import type { LanguageModel, LanguageModelStreamPart } from '../providers/spec/language-model.ts';
import { LiveStats } from './live-stats.ts';
import { createMetrics } from './metrics.ts';
import { type ModelObservers, observedLanguageModel } from './observed-models.ts';

const PARTS: LanguageModelStreamPart[] = [
  { type: 'text-delta', delta: 'Hello' },
  { type: 'finish', finishReason: 'stop', usage: { inputTokens: 12, cachedInputTokens: 0, outputTokens: 3, reasoningTokens: 0 } },
];

const model: LanguageModel = {
  provider: 'openai',
  modelId: 'gpt-4.1',
  doGenerate: () => Promise.reject(new Error('not used')),
  doStream: () =>
    Promise.resolve({
      warnings: [],
      stream: (async function* () {
        yield* PARTS;
      })(),
    }),
};

const callOptions = { prompt: [], tools: undefined, toolChoice: undefined, parallelToolCalls: undefined, maxOutputTokens: undefined, temperature: undefined, topP: undefined, partsAsTheyCome: undefined,
  abortSignal: new AbortController().signal };

function observers(): ModelObservers {
  return { metrics: createMetrics(), tracer: trace.getTracer('imagegate'), catalog: createPriceCatalog(), live: new LiveStats(() => 0), clock: () => 0 };
}

async function streamAll(observed: LanguageModel): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of (await observed.doStream(callOptions)).stream) parts.push(part);
  return parts;
}

describe('observedLanguageModel', () => {
  afterEach(() => trace.disable());

  it('with tracing off counts and times the step but asks the tracer for no span', async () => {
    const watched = observers();
    const startSpan = vi.spyOn(watched.tracer, 'startSpan');
    expect(await streamAll(observedLanguageModel(model, watched))).toEqual(PARTS);
    expect(startSpan).not.toHaveBeenCalled();
    const steps = await watched.metrics.modelSteps.get();
    expect(steps.values).toEqual([{ labels: { provider: 'openai', model: 'gpt-4.1' }, value: 1 }]);
    const durations = await watched.metrics.modelStepDuration.get();
    expect(durations.values.find((value) => value.metricName === 'imagegate_model_step_duration_seconds_count')?.value).toBe(1);
  });

  it('with tracing on ends one span per step, with its usage and cost', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    expect(await streamAll(observedLanguageModel(model, observers()))).toEqual(PARTS);
    const [span, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    expect(span?.name).toBe('chat gpt-4.1');
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(3);
    expect(typeof span?.attributes['imagegate.cost_usd']).toBe('number');
  });

  it('ends a step read in full when it is handed over, once, whichever of its parts or stream the caller takes', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const whole: LanguageModel = {
      ...model,
      doStream: () =>
        Promise.resolve({
          warnings: [],
          parts: PARTS,
          stream: (async function* () {
            yield* PARTS;
          })(),
        }),
    };
    const watched = observers();
    const observed = observedLanguageModel(whole, watched);
    const result = await observed.doStream(callOptions);
    expect(result.parts).toEqual(PARTS);
    expect(exporter.getFinishedSpans().map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([3]);
    const streamed: LanguageModelStreamPart[] = [];
    for await (const part of result.stream) streamed.push(part);
    expect(streamed).toEqual(PARTS);
    expect(await streamAll(observed)).toEqual(PARTS);
    expect(exporter.getFinishedSpans()).toHaveLength(2);
    expect((await watched.metrics.modelSteps.get()).values).toEqual([{ labels: { provider: 'openai', model: 'gpt-4.1' }, value: 2 }]);
  });
});
