import { Kysely, PostgresDialect } from 'kysely';
import type { StorageDatabase } from '../sql/storage-database.ts';
import { type ExecutedQuery, queryLog } from '../sql/query-log.ts';

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database` (libpq URL; `?sslmode=…` and the PG* variables apply). */
  url: string;
  /** Schema for the tables (created if missing); default the server's search_path (usually `public`). */
  schema?: string;
  /** Pool size per instance. Default 10. */
  maxConnections?: number;
  /** Sees every statement run, transaction control included, with its parameters; for tests and diagnosis. */
  onQuery?: (query: ExecutedQuery) => void;
}

/** Whether a `storage.database` / IMAGEGATE_DATABASE_URL value names PostgreSQL (else it is a SQLite file). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** A schema name safe to splice into `search_path` unquoted. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a `pg` pool behind Kysely; no migrations. */
export async function openPostgresKysely(options: PostgresConnectionOptions): Promise<Kysely<StorageDatabase>> {
  // Loaded here, not at server start: a SQLite server never needs the driver.
  const { default: pg } = await import('pg');
  const { schema } = options;
  if (schema !== undefined && !schemaPattern.test(schema)) throw new TypeError(`Schema ${JSON.stringify(schema)} must match ${schemaPattern.source}`);
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<StorageDatabase>({ dialect: new PostgresDialect({ pool }), ...queryLog(options.onQuery) });
}
