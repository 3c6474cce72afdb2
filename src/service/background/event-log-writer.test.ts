import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent, ResponseEventLog } from '../../storage/response-event-log.ts';
import { createEventLogWriter } from './event-log-writer.ts';

/** A log that records each append as one batch, and lets the test decide when an append finishes. */
function recordingLog(): { log: ResponseEventLog; batches: LoggedEvent[][]; finishNext: () => void } {
  const batches: LoggedEvent[][] = [];
  const waiting: Array<() => void> = [];
  const log = {
    append: (_responseId: string, events: readonly LoggedEvent[]) =>
      new Promise<void>((resolve) => {
        batches.push([...events]);
        waiting.push(resolve);
      }),
  } as unknown as ResponseEventLog;
  return { log, batches, finishNext: () => waiting.shift()?.() };
}

const event = (sequence: number, type = 'response.output_text.delta'): LoggedEvent => ({ type, sequence_number: sequence });
const silent = pino({ level: 'silent' });

describe('createEventLogWriter', () => {
  it('appends in order, batching what arrives while an append is in flight', async () => {
    const { log, batches, finishNext } = recordingLog();
    const appended: number[] = [];
    const writer = createEventLogWriter('resp_1', log, async (batch) => void appended.push(batch.length), silent);
    writer.sink(event(0));
    writer.sink(event(1));
    await Promise.resolve();
    await Promise.resolve();
    writer.sink(event(2));
    writer.sink(event(3));
    expect(batches.map((batch) => batch.map((entry) => entry.sequence_number))).toEqual([[0, 1]]);
    finishNext();
    await expect.poll(() => batches.length).toBe(2);
    finishNext();
    await writer.drained();
    expect(batches.map((batch) => batch.map((entry) => entry.sequence_number))).toEqual([[0, 1], [2, 3]]);
    expect(appended).toEqual([2, 2]);
  });

  it('holds the terminal event until released, and drops what is not a numbered event', async () => {
    const { log, batches, finishNext } = recordingLog();
    const writer = createEventLogWriter('resp_1', log, async () => undefined, silent);
    writer.sink(event(0));
    writer.sink(event(1, 'response.completed'));
    writer.sink({ type: 'error' });
    await expect.poll(() => batches.length).toBe(1);
    finishNext();
    await writer.drained();
    expect(batches).toEqual([[event(0)]]);
    writer.release();
    await expect.poll(() => batches.length).toBe(2);
    finishNext();
    await writer.drained();
    expect(batches).toEqual([[event(0)], [event(1, 'response.completed')]]);
  });
});
