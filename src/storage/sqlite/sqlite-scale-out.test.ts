import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { runScaleOutContract } from '../scale-out-stores.contract.ts';
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
    const opened: Kysely<StorageDatabase>[] = [];
    const first = openSqliteKysely({ file });
    for (const migrate of [migrateResponseStore, migrateAccountingStore, migrateInstanceStore]) await migrate(first as Kysely<unknown>);
    await first.destroy();
    return {
      serialization: 'single-statement',
      async connect() {
        const db = openSqliteKysely({ file });
        opened.push(db);
        return db;
      },
      async close() {
        await Promise.all(opened.map((db) => db.destroy()));
        await rm(folder, { recursive: true, force: true });
      },
    };
  },
});
