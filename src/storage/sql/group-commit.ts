import type { Kysely } from 'kysely';

/** How a write joins the others of its batch. */
export interface GroupWriteOptions<T = unknown> {
  /**
   * The write is ONE statement, atomic by itself: alone in its batch it runs without BEGIN and
   * COMMIT (what it cost before batching, e.g. at c=1).
   */
  oneStatement?: boolean;
  /**
   * The same write run synchronously on the connection itself (see {@link SyncConnection}),
   * throwing where `write` would reject. A batch whose writes all have one runs that way when
   * the connection is idle: no query building, connection mutex or await per statement.
   */
  direct?: () => T;
}

/**
 * The connection under Kysely when its driver is synchronous (better-sqlite3, one connection):
 * the hot writes may skip Kysely. A statement run while no transaction is open commits on its
 * own, exactly as through Kysely, whose transactions it never joins (see `idle`).
 */
export interface SyncConnection {
  /** No transaction is open on the connection, Kysely's included (one may have taken Kysely's mutex and not begun yet: running now is still outside it). */
  idle(): boolean;
  /** `body` between BEGIN and COMMIT; rolled back when `body` or the COMMIT throws. */
  transaction<T>(body: () => T): T;
}

/**
 * Writes that arrive in the same turn of the event loop go to the database together, in ONE
 * transaction: SQLite then appends to its WAL and commits once for all of them instead of once
 * per write (one commit per response was ≈7% of a `store: false` server's CPU at c=50).
 */
export interface GroupCommit<DB> {
  /**
   * Runs `write` with the batch's transaction (`db` is that transaction: every statement of the
   * write must go through it). Resolves with the write's result only once the transaction that
   * holds it committed, so nothing is reported done before it is durable. A write that throws
   * fails only its own caller: the batch is rolled back and each write runs again alone. A
   * failed COMMIT fails the whole batch (its outcome may be unknown; nothing is written twice).
   */
  run<T>(write: (db: Kysely<DB>) => Promise<T>, options?: GroupWriteOptions<T>): Promise<T>;
  /** Resolves once every write asked for so far has committed or failed; call before closing the database. */
  drain(): Promise<void>;
}

interface PendingWrite<DB> {
  write: (db: Kysely<DB>) => Promise<unknown>;
  oneStatement: boolean;
  direct: (() => unknown) | undefined;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export interface GroupCommitOptions {
  /** When a batch goes out. Default `setImmediate`: after every I/O callback of this loop turn has added its writes. */
  schedule?: (flush: () => void) => void;
  /** The connection's synchronous side, for writes with a `direct` form. */
  sync?: SyncConnection;
}

/** A write threw inside the shared transaction: the batch is retried write by write. */
class BatchedWriteFailed extends Error {
  override readonly name = 'BatchedWriteFailed';
}

export function createGroupCommit<DB>(db: Kysely<DB>, options: GroupCommitOptions = {}): GroupCommit<DB> {
  const schedule = options.schedule ?? ((flush: () => void) => void setImmediate(flush));
  const { sync } = options;
  let pending: PendingWrite<DB>[] = [];
  const inFlight = new Set<Promise<void>>();

  /** One write in its own transaction (or none, for one statement). */
  const runAlone = async (entry: PendingWrite<DB>): Promise<void> => {
    try {
      entry.resolve(entry.oneStatement ? await entry.write(db) : await db.transaction().execute((trx) => entry.write(trx)));
    } catch (error) {
      entry.reject(error);
    }
  };

  const flushBatch = async (batch: PendingWrite<DB>[]): Promise<void> => {
    const [only] = batch;
    if (batch.length === 0) return;
    if (batch.length === 1 && only !== undefined) return runAlone(only);
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const values: unknown[] = [];
        for (const entry of batch) {
          try {
            values.push(await entry.write(trx));
          } catch (cause) {
            throw new BatchedWriteFailed('a write of the batch failed', { cause });
          }
        }
        return values;
      });
    } catch (error) {
      if (!(error instanceof BatchedWriteFailed)) {
        for (const entry of batch) entry.reject(error);
        return;
      }
      // Rolled back as a whole: nothing of the batch is written, so each write runs again, alone.
      for (const entry of batch) await runAlone(entry);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index]));
  };

  /** One direct write, alone (in its own transaction unless it is one statement). */
  const runDirect = (connection: SyncConnection, entry: PendingWrite<DB>, direct: () => unknown): void => {
    try {
      entry.resolve(entry.oneStatement ? direct() : connection.transaction(direct));
    } catch (error) {
      entry.reject(error);
    }
  };

  /** The batch run synchronously, same outcomes as {@link flushBatch}; false if a write has no direct form. */
  const flushDirect = (connection: SyncConnection, batch: PendingWrite<DB>[]): boolean => {
    const directs: Array<() => unknown> = [];
    for (const entry of batch) {
      if (entry.direct === undefined) return false;
      directs.push(entry.direct);
    }
    if (!connection.idle()) return false;
    const [only] = batch;
    const [onlyDirect] = directs;
    if (batch.length === 1 && only !== undefined && onlyDirect !== undefined) {
      runDirect(connection, only, onlyDirect);
      return true;
    }
    let results: unknown[];
    try {
      results = connection.transaction(() =>
        directs.map((direct) => {
          try {
            return direct();
          } catch (cause) {
            throw new BatchedWriteFailed('a write of the batch failed', { cause });
          }
        }),
      );
    } catch (error) {
      if (error instanceof BatchedWriteFailed) batch.forEach((entry, index) => runDirect(connection, entry, directs[index] as () => unknown));
      else for (const entry of batch) entry.reject(error);
      return true;
    }
    batch.forEach((entry, index) => entry.resolve(results[index]));
    return true;
  };

  const flush = (): void => {
    const batch = pending;
    pending = [];
    if (batch.length === 0 || (sync !== undefined && flushDirect(sync, batch))) return;
    const done = flushBatch(batch);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  return {
    run<T>(write: (trx: Kysely<DB>) => Promise<T>, writeOptions: GroupWriteOptions<T> = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (pending.length === 0) schedule(flush);
        // Each write's own result comes back through `unknown` (the batch holds writes of every
        // type), and is the `T` its own write or direct form returned.
        pending.push({ write, oneStatement: writeOptions.oneStatement === true, direct: writeOptions.direct, resolve: resolve as (value: unknown) => void, reject });
      });
    },
    async drain() {
      while (pending.length > 0 || inFlight.size > 0) {
        if (pending.length > 0) flush();
        await Promise.all(inFlight);
      }
    },
  };
}

/** No batching: each write on its own (its own transaction unless it is one statement). */
export function createDirectWrites<DB>(db: Kysely<DB>): GroupCommit<DB> {
  return {
    run: (write, writeOptions = {}) => (writeOptions.oneStatement === true ? write(db) : db.transaction().execute((trx) => write(trx))),
    drain: () => Promise.resolve(),
  };
}
