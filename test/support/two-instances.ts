// Two imagegate instances sharing one database, for the lease-fencing tests: on one SQLite file
// (one data folder for both) or on one PostgreSQL database (a blob folder of their own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/config/config-schema.ts';
import { querySqlite } from './accounting.ts';
import { createTestDatabase } from './postgres-test-database.ts';
import { queryPostgres } from './scale-out-cluster.ts';

/** A count from a `select count(*) as n …` statement. */
export type Query = (sql: string) => Promise<number>;

export interface TwoInstances {
  /** Configuration both instances start with. */
  shared: Partial<ConfigInput>;
  dataDirs: [string, string];
  query: Query;
  cleanup: () => void;
}

export type TwoInstancesSetup = () => Promise<TwoInstances>;

/** Both on one data folder: the same SQLite file and blob folder. */
export function onOneSqliteFile(prefix: string, config: Partial<ConfigInput>): TwoInstancesSetup {
  return async () => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    return {
      shared: { ...config, storage: { ...config.storage } },
      dataDirs: [folder, folder],
      query: async (sql) => Number(querySqlite<{ n: number }>(folder, sql).n),
      cleanup: () => rmSync(folder, { recursive: true, force: true }),
    };
  };
}

/** Both on one fresh PostgreSQL database, with the blob folder beside it shared. */
export function onOnePostgres(prefix: string, config: Partial<ConfigInput>): TwoInstancesSetup {
  return async () => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    const databaseUrl = await createTestDatabase();
    return {
      shared: { ...config, storage: { ...config.storage, database: databaseUrl, blobs: join(folder, 'blobs') } },
      dataDirs: [join(folder, 'a'), join(folder, 'b')],
      query: async (sql) => Number((await queryPostgres<{ n: number | string }>(databaseUrl, sql)).n),
      cleanup: () => rmSync(folder, { recursive: true, force: true }),
    };
  };
}
