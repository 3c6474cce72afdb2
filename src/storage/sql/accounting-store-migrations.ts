import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * The schema of keys, budget reservations and the usage ledger, one entry per version, applied
 * in name order and never edited once released. Dialect-neutral (SQLite and PostgreSQL), and
 * idempotent because Kysely does not wrap SQLite migrations in a transaction. Text ids
 * everywhere: auto-increment columns are spelled differently per dialect.
 */
const migrations: Record<string, Migration> = {
  '0001_create_accounting': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('prefix', 'text', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('policy_json', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('api_keys_prefix').ifNotExists().on('api_keys').column('prefix').execute();

      await db.schema
        .createTable('budget_reservations')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) => column.notNull())
        .addColumn('response_id', 'text', (column) => column.notNull())
        .addColumn('amount_micros', 'bigint', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('settled_micros', 'bigint')
        .execute();
      await db.schema
        .createIndex('budget_reservations_key_status')
        .ifNotExists()
        .on('budget_reservations')
        .columns(['key_id', 'status'])
        .execute();
      await db.schema
        .createIndex('budget_reservations_status_created')
        .ifNotExists()
        .on('budget_reservations')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('budget_reservations_response')
        .ifNotExists()
        .on('budget_reservations')
        .column('response_id')
        .execute();

      await db.schema
        .createTable('budget_locks')
        .ifNotExists()
        .addColumn('key_id', 'text', (column) => column.primaryKey())
        .addColumn('lock_count', 'bigint', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('usage_ledger')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text')
        .addColumn('response_id', 'text', (column) => column.notNull())
        .addColumn('reservation_id', 'text')
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('input_tokens', 'bigint', (column) => column.notNull())
        .addColumn('cached_input_tokens', 'bigint', (column) => column.notNull())
        .addColumn('output_tokens', 'bigint', (column) => column.notNull())
        .addColumn('images', 'bigint', (column) => column.notNull())
        .addColumn('cost_micros', 'bigint', (column) => column.notNull())
        .addColumn('basis', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('usage_ledger_key_created')
        .ifNotExists()
        .on('usage_ledger')
        .columns(['key_id', 'created_at'])
        .execute();
      await db.schema.createIndex('usage_ledger_created').ifNotExists().on('usage_ledger').column('created_at').execute();
      await db.schema
        .createIndex('usage_ledger_response')
        .ifNotExists()
        .on('usage_ledger')
        .column('response_id')
        .execute();
    },
  },
  /**
   * No query reads the ledger by response (reports and budgets read it by key and time, see
   * usage-ledger-plans.test.ts), yet every ledger row wrote this index's page too: one more WAL
   * frame (two write syscalls) per commit, ≈20% of a one-row commit's pages.
   */
  '0002_drop_usage_ledger_response': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('usage_ledger_response').ifExists().execute();
    },
  },
};

/**
 * Brings the accounting schema up to date. Its own bookkeeping tables keep it independent of
 * the response store's migrations in the same database.
 */
export async function migrateAccountingStore(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'accounting_store_migration',
    migrationLockTableName: 'accounting_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the accounting store failed', { cause: error });
}
