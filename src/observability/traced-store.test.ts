import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { tracedStore } from './traced-store.ts';

class CountingStore {
  private saved = 0;
  async save(count: number): Promise<number> {
    this.saved += count;
    return this.saved;
  }
}

describe('tracedStore', () => {
  afterEach(() => trace.disable());

  it('with tracing off calls the store itself (its own `this`), the same function each time, with no span', async () => {
    const store = tracedStore('counting_store', new CountingStore());
    expect(store.save).toBe(store.save);
    expect(await store.save(2)).toBe(2);
    const save = store.save;
    expect(await save(3)).toBe(5);
  });

  it('with tracing on wraps each async call in a span named after the store and method', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const store = tracedStore('counting_store', new CountingStore());
    expect(await store.save(4)).toBe(4);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['counting_store.save']);
  });
});
