import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { queryPostgres } from './support/scale-out-cluster.ts';
import { createTestDatabase, describePostgres } from './support/postgres-test-database.ts';
import { offlineEnv } from './support/serve-process.ts';

const run = promisify(execFile);
const migrate = (args: string[]) => run(process.execPath, ['bin/imagegate.js', 'migrate', ...args], { env: offlineEnv() });
const folder = mkdtempSync(join(tmpdir(), 'imagegate-migrate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const applied = ['response_store_migration', 'accounting_store_migration', 'instance_store_migration', 'conversation_store_migration', 'response_events_migrations', 'file_store_migration'];

describe('imagegate migrate', () => {
  it('creates and migrates the data folder’s SQLite file, and is a no-op the second time', async () => {
    const first = await migrate(['--data-dir', folder]);
    expect(first.stdout).toBe(`migrated SQLite ${join(folder, 'imagegate.sqlite')}\n`);
    await migrate(['--data-dir', folder]);
    const database = new Database(join(folder, 'imagegate.sqlite'), { readonly: true });
    try {
      for (const table of applied) expect(database.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toMatchObject({ n: expect.any(Number) });
      expect(database.prepare('SELECT name FROM instance_store_migration').all()).toEqual([{ name: '0001_instances' }, { name: '0002_lease_generation' }]);
      expect(database.prepare('SELECT name FROM conversation_store_migration').all()).toEqual([{ name: '0001_create_conversations' }]);
      expect(database.prepare('SELECT name FROM file_store_migration').all()).toEqual([{ name: '0001_files' }]);
    } finally {
      database.close();
    }
  });
});

describePostgres('imagegate migrate on PostgreSQL', () => {
  it('three at once on an empty database: all succeed, each migration recorded once', async () => {
    const url = await createTestDatabase();
    const outputs = await Promise.all([1, 2, 3].map(() => migrate(['--database', url])));
    for (const output of outputs) expect(output.stdout).toMatch(/^migrated PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/imagegate_/);
    for (const table of applied) {
      const row = await queryPostgres<{ n: string; distinct_names: string }>(url, `select count(*) as n, count(distinct name) as distinct_names from ${table}`);
      expect(row.n).toBe(row.distinct_names);
    }
    expect(await queryPostgres(url, 'select count(*)::int as n from response_store_migration')).toEqual({ n: 2 });
    expect(await queryPostgres(url, 'select count(*)::int as n from conversation_store_migration')).toEqual({ n: 1 });
    expect(await queryPostgres(url, 'select count(*)::int as n from files')).toEqual({ n: 0 });
  });
});
