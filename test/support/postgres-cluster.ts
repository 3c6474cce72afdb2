/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 (fsync off), for the test run
 * (postgres-global-setup.ts) and `npm run bench`. As root (CI), initdb and postgres refuse to
 * run, so they run as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  /** Superuser URL, database `postgres`. */
  url: string;
  stop(): void;
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding `initdb`, or IMAGEGATE_PG_BIN. */
export function findPostgresBin(): string | undefined {
  const configured = process.env['IMAGEGATE_PG_BIN'];
  if (configured !== undefined && configured !== '') return configured;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const asRoot = process.getuid?.() === 0;
  const folder = mkdtempSync(join(tmpdir(), 'imagegate-pg-'));
  if (asRoot) {
    const idOf = (flag: string): number => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(folder, idOf('-u'), idOf('-g'));
  }
  const run = (program: string, args: string[]): void => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const data = join(folder, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    // Durability is worthless for a throwaway cluster; fsync off keeps CI time down.
    const serverOptions = `-h 127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400`;
    run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(folder, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
