import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ResponseEventLog } from '../../storage/response-event-log.ts';
import { ResponseCancelled, ServerStopping } from './abort-reasons.ts';
import { BackgroundRuns } from './background-runs.ts';

function runsWith(cancelled: Set<string>): BackgroundRuns {
  const events = { cancelRequested: async (responseId: string) => cancelled.has(responseId) } as unknown as ResponseEventLog;
  return new BackgroundRuns({ events, logger: pino({ level: 'silent' }), pollMillis: 5 });
}

/** Work that runs until aborted, resolving with the abort reason. */
function untilAborted(): { work: (signal: AbortSignal) => Promise<void>; reason: Promise<unknown> } {
  let report: (reason: unknown) => void = () => undefined;
  const reason = new Promise<unknown>((resolve) => (report = resolve));
  return {
    reason,
    work: (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => (report(signal.reason), resolve()))),
  };
}

describe('BackgroundRuns', () => {
  it('aborts a run here at once on cancel, and forgets it when it ends', async () => {
    const runs = runsWith(new Set());
    const run = untilAborted();
    runs.start('resp_1', run.work);
    expect(runs.isRunning('resp_1')).toBe(true);
    expect(runs.cancel('resp_2')).toBe(false);
    expect(runs.cancel('resp_1')).toBe(true);
    expect(await run.reason).toBeInstanceOf(ResponseCancelled);
    await runs.settled('resp_1');
    expect(runs.isRunning('resp_1')).toBe(false);
  });

  it('notices a cancel recorded by another instance', async () => {
    const cancelled = new Set<string>();
    const runs = runsWith(cancelled);
    const run = untilAborted();
    runs.start('resp_1', run.work);
    cancelled.add('resp_1');
    expect(await run.reason).toBeInstanceOf(ResponseCancelled);
  });

  it('stops every run when the server stops, and wakes followers on notify', async () => {
    const runs = runsWith(new Set());
    const first = untilAborted();
    const second = untilAborted();
    runs.start('resp_1', first.work);
    runs.start('resp_2', second.work);
    const next = runs.nextChange('resp_1', new AbortController().signal);
    await runs.stopAll();
    expect(await first.reason).toBeInstanceOf(ServerStopping);
    expect(await second.reason).toBeInstanceOf(ServerStopping);
    // Each run's end notifies its followers.
    await expect(next.changed).resolves.toBeUndefined();
    expect(runs.isRunning('resp_1') || runs.isRunning('resp_2')).toBe(false);
  });
});
