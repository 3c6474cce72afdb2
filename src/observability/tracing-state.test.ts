import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { tracingIsOn } from './tracing-state.ts';

describe('tracingIsOn', () => {
  afterEach(() => trace.disable());

  it('is off while no SDK has registered a tracer provider, and on from the moment one has', () => {
    expect(trace.getTracerProvider()).toBeInstanceOf(ProxyTracerProvider);
    expect(tracingIsOn()).toBe(false);
    expect(trace.setGlobalTracerProvider(new BasicTracerProvider())).toBe(true);
    expect(tracingIsOn()).toBe(true);
  });
});
