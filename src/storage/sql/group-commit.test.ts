import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

interface Tables {
  notes: { id: string; body: string };
}

let db: Kysely<Tables> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

/** A database whose statements (BEGIN and COMMIT included) are logged by their first word. */
async function open(): Promise<{ db: Kysely<Tables>; log: string[] }> {
  const log: string[] = [];
  db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: new Database(':memory:') }),
    log: (event) => void log.push(event.query.sql.split(' ')[0]?.toLowerCase() ?? ''),
  });
  await sql`create table notes (id text primary key, body text not null)`.execute(db);
  log.length = 0;
  return { db, log };
}

const insert = (id: string, body = id) => (trx: Kysely<Tables>) => trx.insertInto('notes').values({ id, body }).execute();
const ids = async (database: Kysely<Tables>) => (await database.selectFrom('notes').select('id').orderBy('id').execute()).map((row) => row.id);

describe('createGroupCommit', () => {
  it('writes asked for in the same tick share ONE transaction, and each resolves only after its COMMIT', async () => {
    const { db, log } = await open();
    const group = createGroupCommit(db);
    const seenAtResolve: string[][] = [];
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => group.run(insert(id), { oneStatement: true }).then(() => seenAtResolve.push([...log]))));
    expect(log).toEqual(['begin', 'insert', 'insert', 'insert', 'insert', 'insert', 'commit']);
    expect(seenAtResolve).toHaveLength(5);
    for (const seen of seenAtResolve) expect(seen.at(-1)).toBe('commit');
    expect(await ids(db)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('gives each write its own result', async () => {
    const { db } = await open();
    const group = createGroupCommit(db);
    const results = await Promise.all([
      group.run(async (trx) => (await insert('a')(trx)).length),
      group.run(async (trx) => (await trx.selectFrom('notes').select('id').execute()).map((row) => row.id)),
    ]);
    // The second write runs after the first inside the same transaction, so it sees its row.
    expect(results).toEqual([1, ['a']]);
  });

  it('a write that violates a constraint fails only its own caller; the others are written exactly once', async () => {
    const { db, log } = await open();
    await db.insertInto('notes').values({ id: 'taken', body: 'x' }).execute();
    log.length = 0;
    const group = createGroupCommit(db);
    const outcomes = await Promise.allSettled([group.run(insert('a'), { oneStatement: true }), group.run(insert('taken'), { oneStatement: true }), group.run(insert('c'), { oneStatement: true })]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: notes.id/);
    // The batch rolled back, then each write ran alone (one statement: no transaction).
    expect(log).toEqual(['begin', 'insert', 'insert', 'rollback', 'insert', 'insert', 'insert']);
    expect(await ids(db)).toEqual(['a', 'c', 'taken']);
  });

  it('a write that throws after writing rolls back its own statements only', async () => {
    const { db } = await open();
    const group = createGroupCommit(db);
    const outcomes = await Promise.allSettled([
      group.run(insert('a')),
      group.run(async (trx) => {
        await insert('half')(trx);
        throw new TypeError('refused after writing');
      }),
      group.run(insert('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect(await ids(db)).toEqual(['a', 'c']);
  });

  it('alone, one statement runs without BEGIN/COMMIT and a larger write in its own transaction', async () => {
    const { db, log } = await open();
    const group = createGroupCommit(db);
    await group.run(insert('a'), { oneStatement: true });
    expect(log.splice(0)).toEqual(['insert']);
    await group.run(async (trx) => {
      await insert('b')(trx);
      await insert('c')(trx);
    });
    expect(log.splice(0)).toEqual(['begin', 'insert', 'insert', 'commit']);
  });

  it('a failing COMMIT fails every write of its batch and leaves none written', async () => {
    const { db } = await open();
    // A deferred foreign key is checked only at COMMIT.
    await sql`pragma foreign_keys = on`.execute(db);
    await sql`create table links (id text primary key, note_id text references notes(id) deferrable initially deferred)`.execute(db);
    const group = createGroupCommit(db);
    const outcomes = await Promise.allSettled([
      group.run(insert('a')),
      group.run((trx) => sql`insert into links (id, note_id) values ('l1', 'missing')`.execute(trx)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await ids(db)).toEqual([]);
  });

  it('writes asked for while a batch commits go out together in the next one', async () => {
    const { db, log } = await open();
    const group = createGroupCommit(db);
    const first = group.run(insert('a'), { oneStatement: true });
    const second = first.then(() => Promise.all([group.run(insert('b'), { oneStatement: true }), group.run(insert('c'), { oneStatement: true })]));
    await second;
    expect(log).toEqual(['insert', 'begin', 'insert', 'insert', 'commit']);
  });

  it('drain waits for writes not yet sent', async () => {
    const { db } = await open();
    const group = createGroupCommit(db, { schedule: () => undefined });
    const writes = Promise.all([group.run(insert('a')), group.run(insert('b'))]);
    await group.drain();
    await writes;
    expect(await ids(db)).toEqual(['a', 'b']);
  });
});
