import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';

/** One part the server needs to answer requests; `check` throws with the reason when it cannot. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Tables the stores' migrations create, and the migrators' own bookkeeping. */
const MIGRATION_TABLES = ['response_store_migration', 'accounting_store_migration'];
const STORE_TABLES = ['responses', 'response_items', 'api_keys', 'budget_reservations', 'usage_ledger'];
/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The SQLite file, opened afresh and read-only on every check: the server's own connection keeps
 * an open handle and could go on answering from a file that is gone, unreadable or replaced.
 * Ready means readable, a database, and migrated (the migrators ran and every table is there).
 */
export function sqliteReadiness(file: string): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      await access(file, constants.R_OK);
      await checkHeader(file);
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        for (const table of MIGRATION_TABLES) {
          const row = db.prepare(`SELECT count(*) AS applied FROM "${table}"`).get() as { applied: number };
          if (row.applied === 0) throw new Error(`no migration recorded in ${table}`);
        }
        for (const table of STORE_TABLES) db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get();
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Read from the file itself: in WAL mode SQLite may serve page 1 from the WAL and never notice
 * that the main file was overwritten or truncated.
 */
async function checkHeader(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead < header.length || !header.equals(SQLITE_HEADER)) throw new Error(`${file} is not a database (no SQLite header)`);
  } finally {
    await handle.close();
  }
}

/** The blob directory: present, a directory, readable and writable. */
export function directoryReadiness(name: string, directory: string): ReadinessCheck {
  return {
    name,
    async check() {
      if (!(await stat(directory)).isDirectory()) throw new Error(`${directory} is not a directory`);
      await access(directory, constants.R_OK | constants.W_OK);
    },
  };
}

/** Runs every check; the failing ones, each with its reason. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<Array<{ name: string; error: string }>> {
  const results = await Promise.all(
    checks.map(async (part) => {
      try {
        await part.check();
        return undefined;
      } catch (error) {
        return { name: part.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return results.filter((result) => result !== undefined);
}
