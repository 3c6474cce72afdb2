import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from '../../../test/support/postgres-test-database.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createPostgresStores } from './create-postgres-stores.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workerFile = fileURLToPath(new URL('../../../test/kits/storage/sqlite/budget-race-worker.ts', import.meta.url));
const keyId = 'key_race';
const amountMicros = 40_000;
const dailyLimitMicros = 10 * amountMicros;
const nowMillis = Date.parse('2025-05-01T12:00:00Z');
const processes = 4;
const attemptsPerProcess = 100;

function linesOf(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

describePostgres('PostgreSQL budgets across processes', () => {
  it('lets exactly 10 of 400 reservations through when 4 processes, 20 connections each, race for one key', async () => {
    const url = await createTestDatabase();
    // The processes migrate concurrently on the fresh database: the advisory lock makes that safe.
    const children = Array.from({ length: processes }, () =>
      spawn(process.execPath, ['--import', 'tsx', workerFile, url, ...[attemptsPerProcess, keyId, amountMicros, dailyLimitMicros, nowMillis].map(String)], {
        cwd: repositoryRoot,
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    try {
      const lines = children.map(linesOf);
      for (const line of lines) expect((await line.next()).value).toBe('ready');
      for (const child of children) child.stdin?.write('go\n');
      const reports = await Promise.all(lines.map(async (line) => JSON.parse(String((await line.next()).value)) as { reserved: number }));
      await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
      expect(children.map((child) => child.exitCode)).toEqual(Array(processes).fill(0));
      expect(reports.reduce((sum, report) => sum + report.reserved, 0)).toBe(dailyLimitMicros / amountMicros);
      const stores = await createPostgresStores({ url, blobStore: createMemoryBlobStore(), pepper: 'race' });
      try {
        expect(await stores.usage.spent({ keyId, from: 0, to: nowMillis + 1 })).toBe(dailyLimitMicros);
        expect(await stores.budgets.activeReservations()).toEqual([]);
      } finally {
        await stores.close();
      }
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  });
});
