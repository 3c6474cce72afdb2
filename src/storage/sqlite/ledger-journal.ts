import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { DirectLedgerJournal } from '../sql/kysely-usage-store.ts';
import type { UsageLedgerTable } from '../sql/storage-database.ts';
import type { FoldRows, OnProblem } from './ledger-fold.ts';
import { journalLines, journalPath } from './ledger-journal-files.ts';
import { thisProcess } from './process-identity.ts';

export interface LedgerJournalOptions {
  /** The database file; the journal is a file beside it. */
  file: string;
  fold: FoldRows;
  /** Whether a transaction is open on the connection (a fold then waits for it). */
  inTransaction: () => boolean;
  /** Runs `body` once the connection is free (Kysely's mutex: no transaction open). */
  whenIdle: (body: () => void) => Promise<void>;
  onProblem: OnProblem;
  /** Pending rows that schedule a fold. Default {@link defaultFoldRows}. */
  foldRows?: number;
  /** A row waits at most this long before it is folded (and seen by other processes). Default {@link defaultFoldMillis}. */
  foldMillis?: number;
}

/** A fold of this many rows is ≈1 ms of SQLite work: often enough to keep replays short, rare enough to amortize the transaction. */
export const defaultFoldRows = 256;
/**
 * 200 ms: the bound on how late another process sees a row, and on a replay's size at low
 * rates; one small transaction per 200 ms costs nothing measurable.
 */
export const defaultFoldMillis = 200;

/** Journals open in this process: recovery never claims them (a process may open the same file twice). */
export const openJournals = new Set<string>();

const DONE: Promise<void> = Promise.resolve();

/**
 * The ledger rows recorded without a reservation, appended to a per-process file (one
 * synchronous write per record, O_APPEND) instead of one SQLite transaction per response, and
 * folded into usage_ledger in batches: when {@link LedgerJournalOptions.foldRows} are pending
 * (scheduled, not on the request that crossed it), after {@link LedgerJournalOptions.foldMillis},
 * before any read of the ledger, and on close. A written line survives a process crash as a WAL
 * commit under synchronous=NORMAL does (the page cache holds it; an OS crash may lose both).
 */
export function openLedgerJournal(options: LedgerJournalOptions): DirectLedgerJournal & { readonly path: string } {
  const { fold, onProblem } = options;
  const foldRows = options.foldRows ?? defaultFoldRows;
  const foldMillis = options.foldMillis ?? defaultFoldMillis;
  const path = journalPath(options.file, thisProcess);
  // O_APPEND | O_CREAT | O_EXCL: every write lands at the end, also after a truncation.
  const fd = openSync(path, 'ax');
  openJournals.add(path);
  let pending: UsageLedgerTable[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let soon = false;
  let closed = false;
  /** The end of this loop turn, once a second row arrived in it; see `append`. */
  let turnEnd: Promise<void> | undefined;
  let endTurn: (() => void) | undefined;
  let appendedThisTurn = 0;
  /** The last turn had several rows: this one's first waits for its end too. */
  let busy = false;
  const turnOver = (): void => {
    busy = appendedThisTurn > 1;
    appendedThisTurn = 0;
    endTurn?.();
    turnEnd = undefined;
    endTurn = undefined;
  };

  const foldNow = (): void => {
    if (pending.length === 0) return;
    fold(pending);
    pending = [];
    try {
      ftruncateSync(fd, 0);
      size = 0;
    } catch (error) {
      // The rows are in the ledger; replaying them after a crash writes nothing twice.
      onProblem('The ledger journal could not be emptied after a fold', error);
    }
  };

  /** Folds now, or once the open transaction is over; undefined when done already. */
  const foldOrWait = (): Promise<void> | undefined => {
    if (pending.length === 0) return undefined;
    if (!options.inTransaction()) {
      foldNow();
      return undefined;
    }
    return options.whenIdle(foldNow);
  };

  const arm = (): void => {
    if (timer !== undefined || closed) return;
    timer = setTimeout(scheduled, foldMillis);
    timer.unref();
  };

  const retryLater = (error: unknown): void => {
    onProblem('Folding the ledger journal failed; its rows stay in the journal and are folded again later', error);
    arm();
  };

  function scheduled(): void {
    soon = false;
    clearTimeout(timer);
    timer = undefined;
    if (closed) return;
    try {
      foldOrWait()?.catch(retryLater);
    } catch (error) {
      retryLater(error);
    }
  }

  /** Cuts a write that failed halfway, so the next line does not continue a broken one. */
  const cutBack = (): void => {
    try {
      ftruncateSync(fd, size);
    } catch (error) {
      onProblem('A failed ledger journal write could not be cut back', error);
    }
  };

  return {
    path,
    append(rows) {
      if (closed) throw new Error('The ledger journal is closed');
      const text = journalLines(rows);
      const bytes = Buffer.byteLength(text);
      let written: number;
      try {
        written = writeSync(fd, text);
      } catch (error) {
        cutBack();
        throw error;
      }
      if (written !== bytes) {
        cutBack();
        throw new Error(`The ledger journal took ${written} of ${bytes} bytes`);
      }
      size += written;
      for (const row of rows) pending.push(row);
      if (pending.length < foldRows) arm();
      else if (!soon) {
        soon = true;
        setImmediate(scheduled);
      }
      // A row alone in its loop turn goes on at once (c=1: no hop before the answer). When a
      // turn holds several, they go on at its end, together, as the group commit let them: their
      // answers then leave back to back (at c=50, answering each at once cost ≈30% throughput).
      appendedThisTurn += 1;
      if (appendedThisTurn === 1) {
        setImmediate(turnOver);
        if (!busy) return undefined;
      }
      turnEnd ??= new Promise<void>((resolve) => (endTurn = resolve));
      return turnEnd;
    },
    beforeRead: foldOrWait,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      try {
        await (foldOrWait() ?? DONE);
      } catch (error) {
        onProblem(`Folding the ledger journal on close failed; ${path} is replayed at the next start`, error);
        closeSync(fd);
        openJournals.delete(path);
        return;
      }
      closeSync(fd);
      unlinkSync(path);
      openJournals.delete(path);
    },
  };
}
