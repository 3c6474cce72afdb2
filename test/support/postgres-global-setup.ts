/**
 * Vitest global setup: starts ONE throwaway PostgreSQL cluster for the whole run (tests create
 * a database each, see postgres-test-database.ts) and stops it afterwards. Provides its admin
 * URL as `postgresUrl`, or '' with `postgresMissing` saying why when no server binaries exist.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL cluster (database `postgres`), or '' when there is none. */
    postgresUrl: string;
    postgresMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    const reason = 'PostgreSQL server binaries were not found (apt-get install postgresql, or set IMAGEGATE_PG_BIN)';
    process.stderr.write(`\n!!! ${reason}: the PostgreSQL suites ${process.env['CI'] ? 'FAIL' : 'are SKIPPED'} !!!\n\n`);
    project.provide('postgresUrl', '');
    project.provide('postgresMissing', reason);
    return () => undefined;
  }
  const cluster = await startPostgresCluster(bin);
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresMissing', '');
  return () => cluster.stop();
}
