import { describe, expect, it } from 'vitest';
import { AttemptSignal, toAbortSignal } from './attempt-signal.ts';

describe('AttemptSignal', () => {
  it('aborts once: the first reason stands, each listener still registered is called once', () => {
    const signal = new AttemptSignal();
    const calls: string[] = [];
    const first = () => calls.push('first');
    const removed = () => calls.push('removed');
    signal.addEventListener('abort', first);
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    expect(signal.aborted).toBe(false);
    signal.abort(new Error('timeout'));
    signal.abort(new Error('later'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('timeout');
    expect(calls).toEqual(['first']);
  });

  it('is followed by a real AbortSignal for clients that take only one (fetch)', () => {
    const signal = new AttemptSignal();
    const followed = toAbortSignal(signal);
    expect(followed.aborted).toBe(false);
    signal.abort('gone');
    expect(followed.aborted).toBe(true);
    expect(followed.reason).toBe('gone');
    const native = new AbortController().signal;
    expect(toAbortSignal(native)).toBe(native);
  });
});
