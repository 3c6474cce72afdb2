import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { raceProcesses } from '../../../test/kits/storage/race-processes.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

const workerFile = fileURLToPath(new URL('../../../test/kits/storage/sqlite/save-race-worker.ts', import.meta.url));
const processes = 3;
const responsesPerProcess = 150;

let folder: string;
let file: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'imagegate-save-race-'));
  file = join(folder, 'imagegate.sqlite');
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('saves from several processes on one file without "database is locked" or a response left in progress', async () => {
  await (await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' })).close();
  const race = await raceProcesses<{ errors: string[] }>(
    workerFile,
    Array.from({ length: processes }, (_, index) => [file, String(responsesPerProcess), `p${index}`]),
  );
  expect(race.reports.flatMap((report) => report.errors)).toEqual([]);
  const database = new Database(file, { readonly: true });
  try {
    expect(database.prepare('SELECT status, count(*) AS n FROM responses GROUP BY status').all()).toEqual([{ status: 'completed', n: processes * responsesPerProcess }]);
  } finally {
    database.close();
  }
});
