/**
 * Rows that callers add in the same turn of the event loop go to the database in ONE multi-row
 * statement: on PostgreSQL one round trip (atomic without BEGIN/COMMIT) instead of one per
 * caller. Each caller's promise settles once the statement holding its rows did.
 */
export interface RowBatch<Row> {
  /** Writes `rows` (atomically: all or none) with the others of this tick; rejects only for a failure of its own rows. */
  add(rows: readonly Row[]): Promise<void>;
  /** Resolves once every add so far has settled; call before closing the database. */
  drain(): Promise<void>;
}

export interface RowBatchOptions<Row> {
  /** Writes rows atomically; one statement when there are at most `maxRows`. */
  write: (rows: readonly Row[]) => Promise<void>;
  /** Most rows in one statement (bound-parameter limits); a caller with more is written alone. */
  maxRows: number;
  /**
   * Whether a failed statement certainly wrote nothing, so each caller's rows may be tried again
   * alone. Only then: after a lost connection the statement may have committed, and a retry would
   * write its rows twice; every caller of that statement gets the error instead.
   */
  failedForSure: (error: unknown) => boolean;
  /** When a batch goes out. Default `setImmediate`. */
  schedule?: (flush: () => void) => void;
}

interface PendingRows<Row> {
  rows: readonly Row[];
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/** A PostgreSQL error the server reported (a SQLSTATE such as `23505`): the statement was rolled back. */
export function isServerReportedError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function createRowBatch<Row>(options: RowBatchOptions<Row>): RowBatch<Row> {
  const schedule = options.schedule ?? ((flush: () => void) => void setImmediate(flush));
  let pending: PendingRows<Row>[] = [];
  const inFlight = new Set<Promise<void>>();

  const writeAlone = async (entry: PendingRows<Row>): Promise<void> => {
    try {
      await options.write(entry.rows);
      entry.resolve();
    } catch (error) {
      entry.reject(error);
    }
  };

  const writeTogether = async (group: PendingRows<Row>[]): Promise<void> => {
    const [only] = group;
    if (group.length === 1 && only !== undefined) return writeAlone(only);
    try {
      await options.write(group.flatMap((entry) => entry.rows));
    } catch (error) {
      if (!options.failedForSure(error)) {
        for (const entry of group) entry.reject(error);
        return;
      }
      // Nothing of the statement was written: each caller's rows again, on their own.
      await Promise.all(group.map(writeAlone));
      return;
    }
    for (const entry of group) entry.resolve();
  };

  /** Consecutive callers, at most `maxRows` rows per statement. */
  const groups = (batch: PendingRows<Row>[]): PendingRows<Row>[][] => {
    const result: PendingRows<Row>[][] = [];
    let current: PendingRows<Row>[] = [];
    let rows = 0;
    for (const entry of batch) {
      if (current.length > 0 && rows + entry.rows.length > options.maxRows) {
        result.push(current);
        current = [];
        rows = 0;
      }
      current.push(entry);
      rows += entry.rows.length;
    }
    if (current.length > 0) result.push(current);
    return result;
  };

  const flush = (): void => {
    const batch = pending;
    pending = [];
    const done = Promise.all(groups(batch).map(writeTogether)).then(() => undefined);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  return {
    add(rows) {
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (pending.length === 0) schedule(flush);
        pending.push({ rows, resolve, reject });
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
