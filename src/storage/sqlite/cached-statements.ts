import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the store issues a few dozen, so this only bounds odd cases (e.g. multi-row inserts of many sizes). */
const DEFAULT_MAX_STATEMENTS = 256;

/**
 * Kysely's SQLite driver calls `prepare` for every query; compiling the same SQL again is a
 * large share of a save's CPU (profile of `npm run bench`, store: true). This keeps each SQL
 * text's statement, least recently used dropped first. Safe because the driver runs one query
 * at a time on the single connection and never leaves a statement mid-iteration (no `.stream()`
 * here); SQLite re-prepares a cached statement by itself after a schema change.
 */
export function withCachedStatements(database: SqliteDatabase, maxStatements = DEFAULT_MAX_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > maxStatements) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
