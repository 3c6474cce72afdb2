import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from '../../../test/support/postgres-test-database.ts';
import { raceProcesses } from '../../../test/kits/storage/race-processes.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createPostgresStores } from './create-postgres-stores.ts';

const workerFile = fileURLToPath(new URL('../../../test/kits/storage/sqlite/budget-race-worker.ts', import.meta.url));
const keyId = 'key_race';
const amountMicros = 40_000;
const dailyLimitMicros = 10 * amountMicros;
const nowMillis = Date.parse('2025-05-01T12:00:00Z');
const processes = 4;
const attemptsPerProcess = 100;

describePostgres('PostgreSQL budgets across processes', () => {
  it('lets exactly 10 of 400 reservations through when 4 processes, 20 connections each, race for one key', async () => {
    const url = await createTestDatabase();
    // The processes migrate concurrently on the fresh database: the advisory lock makes that safe.
    const race = await raceProcesses<{ reserved: number }>(
      workerFile,
      Array.from({ length: processes }, () => [url, ...[attemptsPerProcess, keyId, amountMicros, dailyLimitMicros, nowMillis].map(String)]),
    );
    expect(race.exitCodes).toEqual(Array(processes).fill(0));
    expect(race.reports.reduce((sum, report) => sum + report.reserved, 0)).toBe(dailyLimitMicros / amountMicros);
    const stores = await createPostgresStores({ url, blobStore: createMemoryBlobStore(), pepper: 'race' });
    try {
      expect(await stores.usage.spent({ keyId, from: 0, to: nowMillis + 1 })).toBe(dailyLimitMicros);
      expect(await stores.budgets.activeReservations()).toEqual([]);
    } finally {
      await stores.close();
    }
  });
});
