import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { walCheckpointWorkerSource } from './wal-checkpoint-worker-source.ts';

export interface WalCheckpointOptions {
  /** How often the checkpoint thread looks at the WAL file. Default 250 ms. */
  pollMillis?: number;
  /** How long the WAL must stay unchanged before the thread empties the file (TRUNCATE). Default 2000 ms. */
  idleMillis?: number;
  /**
   * WAL pages past which the server's connection checkpoints after its commits after all, as
   * SQLite does by default past 1000: only when the thread cannot keep up (writes without a pause
   * long enough for a checkpoint to copy everything, so the WAL never starts over). Default 4000
   * (16 MB of 4 KiB pages).
   */
  serverCheckpointPages?: number;
  /** PASSIVE checkpoints right after one that the server's commits overtook. Default 3. */
  chasePasses?: number;
}

/** The checkpoint thread of one database file; `close` ends it. */
export interface WalCheckpointer {
  /** Asks the thread for a last checkpoint, closes its connection and resolves once the thread ended. Safe to call more than once. */
  close(): Promise<void>;
}

/** SQLite's own default: a checkpoint by the committing connection once the WAL holds 1000 pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * Moves WAL checkpoints off the event loop: `database` (the server's connection, already in WAL
 * mode) no longer checkpoints after its commits every 1000 pages (copying the WAL into the
 * database file and two fsyncs, on the event loop), only past `serverCheckpointPages` as a
 * backstop; a worker thread with its own connection to `file` checkpoints instead
 * (wal-checkpoint-worker-source.ts). Durability does not
 * change: a commit is in the WAL before it is answered, and SQLite replays a WAL a killed process
 * left. Should the thread end on its own, the connection checkpoints after its commits every 1000
 * pages again.
 */
export function startWalCheckpointer(database: Database, file: string, options: WalCheckpointOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const pollMillis = options.pollMillis ?? 250;
  const serverCheckpointPages = Math.max(1, Math.floor(options.serverCheckpointPages ?? 4000));
  const worker = new Worker(walCheckpointWorkerSource, {
    eval: true,
    workerData: {
      driver,
      file,
      pollMillis,
      idleLooks: Math.max(1, Math.ceil((options.idleMillis ?? 2000) / pollMillis)),
      chasePasses: options.chasePasses ?? 3,
      serverCheckpointPages,
      // Long enough for the server to commit at least once meanwhile.
      pauseLooks: Math.max(2, Math.ceil(100 / pollMillis)),
    },
  });
  database.pragma(`wal_autocheckpoint = ${serverCheckpointPages}`);
  // A server that forgets to close its stores still exits.
  worker.unref();
  let closing: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve())).then(() => {
    if (closing === undefined && database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  });
  // Without a listener a failed thread would throw in the server; the exit above restores SQLite's default.
  worker.on('error', () => undefined);
  return {
    close() {
      closing ??= (async () => {
        // Unreferenced, the thread would let a process with nothing else to do exit before it ends.
        worker.ref();
        worker.postMessage('close');
        await exited;
      })();
      return closing;
    },
  };
}
