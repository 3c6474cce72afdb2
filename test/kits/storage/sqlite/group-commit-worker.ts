/**
 * A server's writes for group-commit-crash.test.ts, run as its own process:
 * `node --import tsx group-commit-worker.ts <file> <responses> <refused>`. Runs that many stored responses
 * at once as a server does (journal row, ledger row, final save); a trigger refuses the ledger
 * row of `resp_<refused>` as a constraint would (`-`: none). Prints one line per write as its promise settles (written
 * synchronously, so it is out before the kill), then the transactions the statement log shows,
 * then SIGKILLs itself: nothing is closed, flushed or checkpointed. Ledger rows go through the
 * group commit (`ledgerJournal: false`, as on `:memory:`); the journal that replaces it on a file
 * has its own crash test (test/ledger-journal-crash.test.ts).
 */
import { writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createMemoryBlobStore } from '../../../../src/storage/memory-blob-store.ts';
import type { StoredResponse } from '../../../../src/storage/response-store.ts';
import type { ExecutedQuery } from '../../../../src/storage/sql/query-log.ts';
import { createSqliteStores } from '../../../../src/storage/sqlite/create-sqlite-stores.ts';
import { ledgerEntry } from '../usage-store.fixtures.ts';
import { textInputItem } from '../response-store.fixtures.ts';

const [file, countText, refused] = process.argv.slice(2);
if (file === undefined || countText === undefined || refused === undefined) throw new Error('usage: group-commit-worker.ts <file> <responses> <refused>');
const count = Number(countText);

const record = (id: string): StoredResponse => ({
  id,
  ownerId: null,
  previousResponseId: null,
  createdAt: 1_700_000_000,
  response: { id, object: 'response', status: 'completed', output: [{ id: `msg_${id}`, type: 'message', role: 'assistant', status: 'completed', content: [] }] },
  inputItems: [textInputItem(`in_${id}`)],
});

const queries: ExecutedQuery[] = [];
const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'group-commit', ledgerJournal: false, onQuery: (query) => queries.push(query) });
if (refused !== '-') {
  const side = new Database(file);
  side.exec(`create trigger refuse_ledger before insert on usage_ledger when new.response_id = 'resp_${Number(refused)}' begin select raise(abort, 'ledger row refused'); end`);
  side.close();
}
const say = (line: object): void => void writeSync(1, `${JSON.stringify(line)}\n`);
queries.length = 0;

const settled = async (what: string, id: string, write: () => Promise<unknown>): Promise<void> => {
  try {
    await write();
    say({ done: what, id });
  } catch (error) {
    say({ failed: what, id, message: error instanceof Error ? error.message : String(error) });
  }
};

await Promise.all(
  Array.from({ length: count }, async (_, index) => {
    const id = `resp_${index}`;
    await settled('begin', id, () => stores.responses.begin({ id, ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' }));
    await settled('ledger', id, () => stores.usage.record([ledgerEntry({ responseId: id, keyId: null })]));
    await settled('save', id, () => stores.responses.save(record(id)));
  }),
);

/** Transactions by the writes they hold: a write statement outside BEGIN…COMMIT is one by itself. */
const transactions: string[][] = [];
let open: string[] | undefined;
for (const { sql } of queries) {
  const words = sql.trim().toLowerCase();
  if (words === 'begin') open = [];
  else if (words === 'commit' || words === 'rollback') {
    if (words === 'commit' && open !== undefined) transactions.push(open);
    open = undefined;
  } else if (/^(insert|update|delete|with)/.test(words)) {
    const table = /(?:into|update|from)\s+"?(\w+)"?/.exec(words)?.[1] ?? words;
    if (open === undefined) transactions.push([table]);
    else open.push(table);
  }
}
say({ transactions });
process.kill(process.pid, 'SIGKILL');
