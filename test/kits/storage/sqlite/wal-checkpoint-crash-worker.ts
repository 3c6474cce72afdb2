/**
 * A server writing ledger rows while the checkpoint thread copies them, for
 * wal-checkpoint-crash.test.ts: `node --import tsx wal-checkpoint-crash-worker.ts <file> <rounds>`.
 * Each round records 20 entries at once (one group commit) and prints, once they committed, how
 * many rows are committed in all; the thread checkpoints every 2 ms and the server past 200 pages,
 * so the kill lands amid them. Then SIGKILLs itself: nothing closed, flushed or checkpointed.
 */
import { writeSync } from 'node:fs';
import { createMemoryBlobStore } from '../../../../src/storage/memory-blob-store.ts';
import { createSqliteStores } from '../../../../src/storage/sqlite/create-sqlite-stores.ts';
import { ledgerEntry } from '../usage-store.fixtures.ts';

const [file, roundsText] = process.argv.slice(2);
if (file === undefined || roundsText === undefined) throw new Error('usage: wal-checkpoint-crash-worker.ts <file> <rounds>');

const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'wal-checkpoint', ledgerJournal: false, walCheckpoints: { pollMillis: 2, serverCheckpointPages: 200 } });
let committed = 0;
for (let round = 0; round < Number(roundsText); round += 1) {
  await Promise.all(Array.from({ length: 20 }, (_, index) => stores.usage.record([ledgerEntry({ responseId: `resp_${round}_${index}`, keyId: null, costMicros: 1 })])));
  committed += 20;
  writeSync(1, `${committed}\n`);
  // A few rounds per millisecond: the checkpoint thread's looks fall between and amid them.
  if (round % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
}
process.kill(process.pid, 'SIGKILL');
