import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
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

function linesOf(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

it('saves from several processes on one file without "database is locked" or a response left in progress', async () => {
  await (await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' })).close();
  const children = Array.from({ length: processes }, (_, index) =>
    spawn(process.execPath, ['--import', 'tsx', workerFile, file, String(responsesPerProcess), `p${index}`], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  try {
    const lines = children.map(linesOf);
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    for (const child of children) child.stdin?.write('go\n');
    const reports = await Promise.all(lines.map(async (line) => JSON.parse(String((await line.next()).value)) as { errors: string[] }));
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    expect(reports.flatMap((report) => report.errors)).toEqual([]);
    const database = new Database(file, { readonly: true });
    try {
      expect(database.prepare('SELECT status, count(*) AS n FROM responses GROUP BY status').all()).toEqual([{ status: 'completed', n: processes * responsesPerProcess }]);
    } finally {
      database.close();
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
});
