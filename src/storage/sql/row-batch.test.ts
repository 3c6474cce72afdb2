import { describe, expect, it } from 'vitest';
import { createRowBatch, isServerReportedError } from './row-batch.ts';

/** A write that records each statement's rows and fails when told. */
function recordingWrite(fail: (rows: readonly string[]) => unknown) {
  const statements: string[][] = [];
  const write = async (rows: readonly string[]): Promise<void> => {
    statements.push([...rows]);
    const error = fail(rows);
    if (error !== undefined) throw error;
  };
  return { statements, write };
}

const refused = Object.assign(new Error('refused'), { code: '23514' });

describe('createRowBatch', () => {
  it('writes the rows added in one tick in one statement, at most maxRows per statement, callers never split', async () => {
    const { statements, write } = recordingWrite(() => undefined);
    const batch = createRowBatch({ write, maxRows: 4, failedForSure: isServerReportedError });
    await Promise.all([batch.add(['a1', 'a2']), batch.add(['b1']), batch.add(['c1', 'c2']), batch.add(['d1'])]);
    expect(statements).toEqual([['a1', 'a2', 'b1'], ['c1', 'c2', 'd1']]);
  });

  it('a statement the server refused is retried caller by caller: only the refused caller fails', async () => {
    const { statements, write } = recordingWrite((rows) => (rows.includes('b1') ? refused : undefined));
    const batch = createRowBatch({ write, maxRows: 10, failedForSure: isServerReportedError });
    const outcomes = await Promise.allSettled([batch.add(['a1']), batch.add(['b1']), batch.add(['c1'])]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(statements).toEqual([['a1', 'b1', 'c1'], ['a1'], ['b1'], ['c1']]);
  });

  it('a failure that may have written (a lost connection) is never retried: every caller of the statement gets it', async () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const { statements, write } = recordingWrite(() => lost);
    const batch = createRowBatch({ write, maxRows: 10, failedForSure: isServerReportedError });
    const outcomes = await Promise.allSettled([batch.add(['a1']), batch.add(['b1'])]);
    expect(outcomes).toEqual([{ status: 'rejected', reason: lost }, { status: 'rejected', reason: lost }]);
    expect(statements).toEqual([['a1', 'b1']]);
  });

  it('drain sends what is waiting and resolves once it is written', async () => {
    const { statements, write } = recordingWrite(() => undefined);
    const batch = createRowBatch({ write, maxRows: 10, failedForSure: isServerReportedError, schedule: () => undefined });
    const added = batch.add(['a1']);
    await batch.drain();
    await added;
    expect(statements).toEqual([['a1']]);
  });
});
