// The store:true rows on PostgreSQL: a throwaway cluster on 127.0.0.1 (fsync off, like the
// tests'), one database, one server process pointed at it. Skipped when no PostgreSQL is installed.
import pg from 'pg';
import { findPostgresBin, startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { type ServerProcess, type ServerProcessOptions, startServerProcess } from './server-process.ts';

/** Runs `use` against a server on PostgreSQL; undefined (with `log`) when PostgreSQL is missing. */
export async function withPostgresServer<T>(
  repoRoot: string,
  log: (message: string) => void,
  onStart: (server: ServerProcess) => void,
  use: (server: ServerProcess) => Promise<T>,
  serverOptions: ServerProcessOptions = {},
): Promise<T | undefined> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    log('PostgreSQL not installed (apt-get install postgresql): no PostgreSQL rows');
    return undefined;
  }
  const cluster = await startPostgresCluster(bin);
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await client.query('CREATE DATABASE imagegate_bench');
    await client.end();
    const url = new URL(cluster.url);
    url.pathname = '/imagegate_bench';
    const server = await startServerProcess(repoRoot, {
      ...serverOptions,
      env: { ...serverOptions.env, IMAGEGATE_DATABASE_URL: url.toString(), IMAGEGATE_KEY_PEPPER: 'bench-pepper-0123456789abcdef' },
    });
    onStart(server);
    try {
      return await use(server);
    } finally {
      await server.stop();
    }
  } finally {
    cluster.stop();
  }
}
