/**
 * One "server instance" for sqlite-budget-race.test.ts, run as its own process:
 * `node --import tsx budget-race-worker.ts <file|postgres-url> <attempts> <keyId> <amountMicros> <dailyLimitMicros> <nowMillis>`
 * (a `postgres://` URL opens the PostgreSQL stores, for postgres-budget-race.test.ts).
 * It opens the stores, prints `ready`, waits for a line on stdin, then makes every attempt at
 * once — reserve the amount under the daily limit, settle each success at its full price —
 * and prints `{"reserved": n}`. Not imported by tests: it runs on load.
 */
import { once } from 'node:events';
import { createMemoryBlobStore } from '../../../../src/storage/memory-blob-store.ts';
import { ledgerEntry } from '../usage-store.fixtures.ts';
import { createPostgresStores } from '../../../../src/storage/postgres/create-postgres-stores.ts';
import { isPostgresUrl } from '../../../../src/storage/postgres/open-postgres-kysely.ts';
import { createSqliteStores } from '../../../../src/storage/sqlite/create-sqlite-stores.ts';

const [file, attemptsText, keyId, amountText, dailyLimitText, nowText] = process.argv.slice(2);
if (file === undefined || keyId === undefined) throw new Error('usage: budget-race-worker.ts <file> <attempts> <keyId> <amountMicros> <dailyLimitMicros> <nowMillis>');
const amountMicros = Number(amountText);
const nowMillis = Number(nowText);
{
  const stores = isPostgresUrl(file)
    ? await createPostgresStores({ url: file, blobStore: createMemoryBlobStore(), pepper: 'race', maxConnections: 20 })
    : await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'race', busyTimeoutMillis: 20_000 });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const reserved = await Promise.all(
    Array.from({ length: Number(attemptsText) }, async (_, index) => {
      const responseId = `resp_${process.pid}_${index}`;
      const result = await stores.budgets.reserve({
        keyId,
        responseId,
        amountMicros,
        limits: { dailyMicros: Number(dailyLimitText) },
        now: nowMillis,
      });
      if (!result.ok) return 0;
      const entry = ledgerEntry({ keyId, responseId, costMicros: amountMicros, createdAt: nowMillis });
      if (!(await stores.budgets.settle(result.reservationId, { actualMicros: amountMicros, entries: [entry] }))) {
        throw new Error('settle failed');
      }
      return 1;
    }),
  );
  await stores.close();
  process.stdout.write(`${JSON.stringify({ reserved: reserved.reduce<number>((sum, count) => sum + count, 0) })}\n`);
  process.stdin.destroy();
}
