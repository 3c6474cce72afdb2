/**
 * One "server instance" for sqlite-save-race.test.ts, run as its own process:
 * `node --import tsx save-race-worker.ts <file> <responses> <tag>`. It opens the stores, prints
 * `ready`, waits for a line on stdin, then saves every response twice at once (in progress,
 * then completed, as a server does) and prints `{"errors": [...messages]}`. Runs on load.
 */
import { once } from 'node:events';
import { createMemoryBlobStore } from '../../../../src/storage/memory-blob-store.ts';
import type { StoredResponse } from '../../../../src/storage/response-store.ts';
import { textInputItem } from '../response-store.fixtures.ts';
import { createSqliteStores } from '../../../../src/storage/sqlite/create-sqlite-stores.ts';

const [file, countText, tag] = process.argv.slice(2);
if (file === undefined || tag === undefined) throw new Error('usage: save-race-worker.ts <file> <responses> <tag>');

const record = (id: string, status: string): StoredResponse => ({
  id,
  ownerId: null,
  previousResponseId: null,
  createdAt: 1_700_000_000,
  response: { id, object: 'response', status, output: [{ id: `msg_${id}`, type: 'message', role: 'assistant', status, content: [] }] },
  inputItems: [textInputItem(`in_${id}`)],
});

{
  const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: Number(countText) }, async (_, index) => {
      const id = `resp_${tag}_${index}`;
      try {
        await stores.responses.save(record(id, 'in_progress'));
        await stores.responses.save(record(id, 'completed'));
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }),
  );
  await stores.close();
  process.stdout.write(`${JSON.stringify({ errors })}\n`);
  process.stdin.destroy();
}
