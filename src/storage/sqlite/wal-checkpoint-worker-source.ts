/**
 * The checkpoint thread's program (see wal-checkpointer.ts), run with `new Worker(source, { eval: true })`:
 * plain CommonJS, so it runs the same from src/ (through tsx) and from dist/, with no file to
 * resolve. Its data: `{ driver, file, pollMillis, idleLooks, chasePasses, serverCheckpointPages,
 * pauseLooks }` (driver: better-sqlite3's path).
 *
 * Every `pollMillis` it looks at the WAL file (one stat). Written since the last look: PASSIVE
 * checkpoints, which copy committed pages into the database file without taking any lock a
 * writer needs. The server's next write starts the WAL over from its beginning only if, at that
 * moment, every frame was copied; a checkpoint runs while the server keeps committing, so up to
 * `chasePasses` more follow at once, each copying only what was committed during the last.
 * Unchanged for `idleLooks` looks in a row (idle): TRUNCATE empties the file; without a busy
 * timeout it falls back to PASSIVE rather than wait for a writer. When the WAL got past
 * `serverCheckpointPages` all the same (the server never paused), it stays out of the way for
 * `pauseLooks` looks: the server's connection then checkpoints after a commit, as SQLite does by
 * default. Any message from the server: a last TRUNCATE, then the connection closes and the
 * thread ends.
 */
export const walCheckpointWorkerSource = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
const walFile = workerData.file + '-wal';
let lastChange;
let quietLooks = 0;
let pausedLooks = 0;
function look() {
  if (pausedLooks > 0) {
    pausedLooks -= 1;
    return;
  }
  let stat;
  try {
    stat = statSync(walFile, { bigint: true });
  } catch {
    return;
  }
  const change = stat.mtimeNs + ':' + stat.size;
  if (change === lastChange) {
    quietLooks += 1;
    if (quietLooks === workerData.idleLooks && stat.size > 0n) truncate.get();
    return;
  }
  lastChange = change;
  quietLooks = 0;
  let copied = passive.get();
  for (let pass = 0; pass < workerData.chasePasses; pass += 1) {
    const next = passive.get();
    if (next.log === copied.log) break;
    copied = next;
  }
  // Overtaken all the same: the server's connection checkpoints after its commits past
  // serverCheckpointPages, and can only while no checkpoint of this thread holds the lock.
  if (copied.log >= workerData.serverCheckpointPages) pausedLooks = workerData.pauseLooks;
}
const timer = setInterval(() => {
  try {
    look();
  } catch {
    // Busy (the server's connection checkpointing as it closes, another process), the file gone:
    // the next look tries again; meanwhile the server's connection checkpoints past serverCheckpointPages.
  }
}, workerData.pollMillis);
parentPort.once('message', () => {
  clearInterval(timer);
  try {
    truncate.get();
  } catch {
    // The server's connection closed first; this connection, closing last, checkpoints anyway.
  }
  db.close();
  parentPort.close();
});
`;
