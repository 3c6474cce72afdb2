import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { raceProcesses } from '../../../test/kits/storage/race-processes.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

const workerFile = fileURLToPath(new URL('../../../test/kits/storage/sqlite/budget-race-worker.ts', import.meta.url));
const raceKeyId = 'key_race';
const raceAmountMicros = 40_000;
const raceDailyLimitMicros = 10 * raceAmountMicros;
const raceNowMillis = Date.parse('2025-05-01T12:00:00Z');
const processes = 4;
const attemptsPerProcess = 100;

let folder: string;
let file: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'imagegate-race-'));
  file = join(folder, 'imagegate.sqlite');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('never overspends when separate processes race for one budget', async () => {
  // Migrate once up front: instances starting together on a fresh file would race the migrator.
  await (await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' })).close();

  const race = await raceProcesses<{ reserved: number }>(
    workerFile,
    Array.from({ length: processes }, () => [file, ...[attemptsPerProcess, raceKeyId, raceAmountMicros, raceDailyLimitMicros, raceNowMillis].map(String)]),
  );
  expect(race.exitCodes).toEqual(Array(processes).fill(0));
  expect(race.reports.reduce((sum, report) => sum + report.reserved, 0)).toBe(raceDailyLimitMicros / raceAmountMicros);

  const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' });
  try {
    expect(await stores.usage.spent({ keyId: raceKeyId, from: 0, to: raceNowMillis + 1 })).toBe(raceDailyLimitMicros);
    expect(await stores.budgets.activeReservations()).toEqual([]);
  } finally {
    await stores.close();
  }
});
