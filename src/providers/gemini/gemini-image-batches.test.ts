import { describe, expect, it } from 'vitest';
import { runBounded } from './gemini-image-batches.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runBounded', () => {
  it('returns results in index order with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await runBounded(7, 3, new AbortController().signal, async (index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      for (let wait = 0; wait < 7 - index; wait++) await tick();
      inFlight -= 1;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(3);
  });

  it('on the first failure aborts the running tasks, starts no more and rejects with it', async () => {
    const failure = new Error('upstream said no');
    const started: number[] = [];
    const abortedWith: unknown[] = [];
    const call = runBounded(6, 2, new AbortController().signal, async (index, signal) => {
      started.push(index);
      if (index === 1) throw failure;
      await new Promise((_resolve, reject) =>
        signal.addEventListener(
          'abort',
          () => {
            abortedWith.push(signal.reason);
            reject(signal.reason as Error);
          },
          { once: true },
        ),
      );
    });
    await expect(call).rejects.toBe(failure);
    expect(started).toEqual([0, 1]);
    expect(abortedWith).toEqual([failure]);
  });

  it('rejects with the caller’s reason when the caller aborts mid-way', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    const call = runBounded(3, 3, controller.signal, async (_index, signal) => {
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('inner')), { once: true }));
    });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it('starts nothing when already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    let calls = 0;
    await expect(runBounded(2, 2, controller.signal, async () => void calls++)).rejects.toThrow('gone');
    expect(calls).toBe(0);
  });
});
