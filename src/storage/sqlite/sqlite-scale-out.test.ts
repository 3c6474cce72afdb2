import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { runScaleOutContract } from '../../../test/kits/storage/scale-out-stores.contract.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { migrateInstanceStore } from '../sql/instance-migrations.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';
import { openSqliteKysely } from './open-sqlite-kysely.ts';

runScaleOutContract({
  name: 'sqlite file',
  create: async () => {
    const folder = await mkdtemp(join(tmpdir(), 'imagegate-scale-'));
    const file = join(folder, 'imagegate.sqlite');
    const db: Kysely<StorageDatabase> = openSqliteKysely({ file });
    for (const migrate of [migrateResponseStore, migrateAccountingStore, migrateInstanceStore]) await migrate(db as Kysely<unknown>);
    return {
      serialization: 'single-statement',
      writeMode: 'transaction',
      // One connection per file per process (create-sqlite-stores.ts): "instances" in one process
      // share it; separate processes are raced in sqlite-save-race.test.ts and sqlite-budget-race.test.ts.
      connect: async () => db,
      async close() {
        await db.destroy();
        await rm(folder, { recursive: true, force: true });
      },
    };
  },
});
