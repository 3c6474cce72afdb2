import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject, it } from 'vitest';

/** The run's PostgreSQL cluster (postgres-global-setup.ts), or '' when there is none. */
export const postgresAdminUrl: string = inject('postgresUrl');

/**
 * `describe` for suites that need PostgreSQL. Without a server they FAIL under CI (CI must
 * install it, see .ci/run) and are skipped, loudly, elsewhere.
 */
export function describePostgres(name: string, body: () => void): void {
  if (postgresAdminUrl !== '') {
    describe(name, body);
    return;
  }
  const reason = inject('postgresMissing');
  if (process.env['CI']) {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  process.stderr.write(`!!! SKIPPED "${name}": ${reason}\n`);
  describe.skip(name, body);
}

/** Creates an empty database on the run's cluster and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `imagegate_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
