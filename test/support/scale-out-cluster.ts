import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN_KEY } from './accounting.ts';
import { type ServeProcess, serveProcess } from './serve-process.ts';

export const KEY_PEPPER = 'scale-out-pepper-0123456789abcdef';

/** What every instance of one deployment shares: database, bucket, pepper, admin key. */
export interface Deployment {
  databaseUrl: string;
  blobUrl: string;
  /** The AWS variables of the S3-compatible server. */
  awsEnv: Record<string, string>;
  /** Each instance gets its own data folder: nothing may be shared through local files. */
  folder: string;
}

let instances = 0;

/** Starts one `imagegate serve` process of the deployment, with `config` (YAML text) beside the shared settings. */
export async function startInstance(deployment: Deployment, config = ''): Promise<ServeProcess> {
  instances += 1;
  const dataDir = join(deployment.folder, `instance-${instances}`);
  const configFile = join(deployment.folder, `instance-${instances}.yaml`);
  writeFileSync(configFile, `storage:\n  leaseMillis: 3000\n${config}`);
  return serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile], {
    ...deployment.awsEnv,
    IMAGEGATE_DATABASE_URL: deployment.databaseUrl,
    IMAGEGATE_BLOB_URL: deployment.blobUrl,
    IMAGEGATE_KEY_PEPPER: KEY_PEPPER,
    IMAGEGATE_ADMIN_KEY: ADMIN_KEY,
    IMAGEGATE_LOG_LEVEL: process.env['DEBUG_SCALE'] ? 'error' : 'silent',
  });
}

/** One row of a query on the deployment's database, as an operator would run it. */
export async function queryPostgres<T>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows[0] as T;
  } finally {
    await client.end();
  }
}
