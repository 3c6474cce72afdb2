import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImageJobGate, ServerOverloadedError } from './image-job-gate.ts';

describe('ImageJobGate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs up to the cap, queues a few in order, refuses the rest with a 503 and Retry-After', async () => {
    const gate = new ImageJobGate({ maxRunning: 2, maxQueued: 1, maxWaitMillis: 5000 });
    const first = await gate.acquire();
    await gate.acquire();
    const queued = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ status: 503, code: 'server_is_overloaded', retryAfterSeconds: 5 });
    expect(gate.load).toEqual({ running: 2, queued: 1 });
    first();
    first();
    const third = await queued;
    expect(gate.load).toEqual({ running: 2, queued: 0 });
    third();
    expect(gate.load).toEqual({ running: 1, queued: 0 });
  });

  it('a queued job that waits too long is refused, and leaves the queue', async () => {
    const gate = new ImageJobGate({ maxRunning: 1, maxQueued: 4, maxWaitMillis: 1000 });
    await gate.acquire();
    const waiting = gate.acquire();
    const outcome = expect(waiting).rejects.toBeInstanceOf(ServerOverloadedError);
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
    expect(gate.load).toEqual({ running: 1, queued: 0 });
  });

  it('a queued job whose client left leaves the queue', async () => {
    const gate = new ImageJobGate({ maxRunning: 1, maxQueued: 4, maxWaitMillis: 1000 });
    await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(gate.load).toEqual({ running: 1, queued: 0 });
  });
});
