import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll-until.ts';

/** A clock that advances only when the injected sleep "waits". */
function fakeTime() {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (millis: number, signal: AbortSignal) => {
      signal.throwIfAborted();
      sleeps.push(millis);
      now += millis;
    },
  };
}

describe('pollUntil', () => {
  it('asks until a value comes, waiting the interval between asks', async () => {
    const time = fakeTime();
    const answers = [undefined, undefined, 'done'];
    const value = await pollUntil({ ...time, poll: async () => answers.shift(), intervalMillis: 250, timeoutMillis: 10_000, abortSignal: new AbortController().signal, onTimeout: () => new Error('timeout') });
    expect(value).toBe('done');
    expect(time.sleeps).toEqual([250, 250]);
  });

  it('gives up before a wait would overrun the budget, saying how long and how often it asked', async () => {
    const time = fakeTime();
    const call = pollUntil({
      ...time,
      poll: async () => undefined,
      intervalMillis: 400,
      timeoutMillis: 1_000,
      abortSignal: new AbortController().signal,
      onTimeout: (elapsed, polls) => new Error(`gave up after ${elapsed} ms and ${polls} polls`),
    });
    await expect(call).rejects.toThrow('gave up after 800 ms and 3 polls');
    expect(time.sleeps).toEqual([400, 400]);
  });

  it('rejects with the abort reason when aborted between asks', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    let polls = 0;
    const call = pollUntil({
      now: () => 0,
      sleep: async (_millis, signal) => {
        controller.abort(reason);
        signal.throwIfAborted();
      },
      poll: async () => {
        polls += 1;
        return undefined;
      },
      intervalMillis: 10,
      timeoutMillis: 1_000,
      abortSignal: controller.signal,
      onTimeout: () => new Error('timeout'),
    });
    await expect(call).rejects.toBe(reason);
    expect(polls).toBe(1);
  });
});
