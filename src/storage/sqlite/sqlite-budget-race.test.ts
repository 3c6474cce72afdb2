import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
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

/** Lines a child prints, in order. */
function linesOf(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

it('never overspends when separate processes race for one budget', async () => {
  // Migrate once up front: instances starting together on a fresh file would race the migrator.
  await (await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' })).close();

  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', workerFile, file, ...[attemptsPerProcess, raceKeyId, raceAmountMicros, raceDailyLimitMicros, raceNowMillis].map(String)], {
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
    expect(reports.reduce((sum, report) => sum + report.reserved, 0)).toBe(raceDailyLimitMicros / raceAmountMicros);

    const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race' });
    try {
      expect(await stores.usage.spent({ keyId: raceKeyId, from: 0, to: raceNowMillis + 1 })).toBe(raceDailyLimitMicros);
      expect(await stores.budgets.activeReservations()).toEqual([]);
    } finally {
      await stores.close();
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
});
