import { afterEach, describe, expect, it } from 'vitest';
import { IDLE_WORK_MAX_DELAY_MS, drainIdleWork, idleWorkPending, whenIdle } from './idle-work.ts';

afterEach(() => drainIdleWork());

describe('work kept for an idle moment', () => {
  it('waits to be drained, then runs once each, in the order given, also what items add while draining', () => {
    const ran: string[] = [];
    whenIdle(() => ran.push('a'));
    whenIdle(() => {
      ran.push('b');
      whenIdle(() => ran.push('d'));
    });
    whenIdle(() => ran.push('c'));
    expect(ran).toEqual([]);
    expect(idleWorkPending()).toBe(3);
    drainIdleWork();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    drainIdleWork();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs by itself within a few milliseconds when nothing drains it', async () => {
    const ran: number[] = [];
    for (let index = 0; index < 3; index += 1) whenIdle(() => ran.push(index));
    await new Promise((resolve) => setTimeout(resolve, IDLE_WORK_MAX_DELAY_MS * 10));
    expect(ran).toEqual([0, 1, 2]);
    expect(idleWorkPending()).toBe(0);
    // The same timer serves the next batch.
    whenIdle(() => ran.push(3));
    await new Promise((resolve) => setTimeout(resolve, IDLE_WORK_MAX_DELAY_MS * 10));
    expect(ran).toEqual([0, 1, 2, 3]);
  });

  it('keeps order when an item drains again (an upstream call of its own)', () => {
    const ran: string[] = [];
    whenIdle(() => {
      ran.push('a');
      whenIdle(() => ran.push('c'));
      drainIdleWork();
    });
    whenIdle(() => ran.push('b'));
    drainIdleWork();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('runs the items after a failing one; the failure is still thrown, as an uncaught error', async () => {
    const ran: string[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      whenIdle(() => {
        throw new Error('metrics broke');
      });
      whenIdle(() => ran.push('after'));
      expect(() => drainIdleWork()).not.toThrow();
      expect(ran).toEqual(['after']);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toEqual([new Error('metrics broke')]);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });
});
