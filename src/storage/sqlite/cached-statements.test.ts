import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withCachedStatements } from './cached-statements.ts';

function countingDatabase(): { database: Database.Database; prepared: string[] } {
  const database = new Database(':memory:');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  });
  return { database, prepared };
}

describe('withCachedStatements', () => {
  it('prepares each SQL text once across queries and transactions, with the right answers', async () => {
    const { database, prepared } = countingDatabase();
    const db = new Kysely<{ notes: { id: number; body: string } }>({ dialect: new SqliteDialect({ database: withCachedStatements(database) }) });
    await sql`create table notes (id integer primary key, body text not null)`.execute(db);
    for (let id = 1; id <= 5; id += 1) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ id, body: `note ${id}` }).execute();
      });
    }
    const rows = await db.selectFrom('notes').select('body').where('id', '>', 3).orderBy('id').execute();
    expect(rows).toEqual([{ body: 'note 4' }, { body: 'note 5' }]);
    // create, begin, insert, commit, select: five texts, each compiled once for 13 queries.
    expect(prepared).toHaveLength(5);
    await db.destroy();
    expect(database.open).toBe(false);
  });

  it('drops the least recently used statement past its bound', () => {
    const { database, prepared } = countingDatabase();
    const cached = withCachedStatements(database, 2);
    cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1');
    cached.prepare('select 3');
    cached.prepare('select 1');
    cached.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    cached.close();
  });
});
