import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingIsOn } from './tracing-state.ts';

/**
 * The store with a span per async method call (`db.response_store.save`, …), so a slow save or
 * a budget lock shows in the response's trace. Sync methods and non-functions pass through.
 */
export function tracedStore<T extends object>(name: string, store: T): T {
  // Tracing off: the store's own methods, bound once, with no wrapper or no-op span per call.
  const bound = new Map<string, { method: unknown; call: unknown }>();
  const boundMethod = (target: T, property: string, method: (...parameters: unknown[]) => unknown): unknown => {
    const known = bound.get(property);
    if (known?.method === method) return known.call;
    const call = method.bind(target);
    bound.set(property, { method, call });
    return call;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (!tracingIsOn()) return boundMethod(target, property, value as (...parameters: unknown[]) => unknown);
      return (...args: unknown[]) => {
        const result = (value as (...parameters: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const span = trace.getTracer('imagegate').startSpan(`${name}.${property}`, {
          kind: SpanKind.INTERNAL,
          attributes: { 'db.system.name': 'sqlite', 'db.operation.name': property, 'imagegate.store': name },
        });
        return result.then(
          (resolved: unknown) => {
            span.end();
            return resolved;
          },
          (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            span.end();
            throw error;
          },
        );
      };
    },
  });
}
