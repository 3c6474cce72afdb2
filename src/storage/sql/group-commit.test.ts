import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteSyncConnection } from '../sqlite/sqlite-sync-side.ts';
import { createGroupCommit, type GroupCommit } from './group-commit.ts';

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

/**
 * A group commit over one connection with its synchronous side. The log holds each statement's
 * first word, `k:` through Kysely and `d:` run directly.
 */
async function openDirect(): Promise<{ db: Kysely<Tables>; database: Database.Database; group: GroupCommit<Tables>; log: string[] }> {
  const log: string[] = [];
  const database = new Database(':memory:');
  const firstWord = (text: string) => text.split(' ')[0]?.toLowerCase() ?? '';
  db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }), log: (event) => void log.push(`k:${firstWord(event.query.sql)}`) });
  await sql`create table notes (id text primary key, body text not null)`.execute(db);
  const insertNote = database.prepare('insert into notes (id, body) values (?, ?)');
  const sync = sqliteSyncConnection(database, (query) => log.push(`d:${firstWord(query.sql)}`));
  const group = createGroupCommit(db, { sync });
  log.length = 0;
  // Each note's direct form logs its insert like the sync side logs its BEGIN and COMMIT.
  directInsert = (id) => () => {
    log.push('d:insert');
    return insertNote.run(id, id).changes;
  };
  return { db, database, group, log };
}

let directInsert: (id: string) => () => number = () => () => 0;
const counted = (id: string) => async (trx: Kysely<Tables>) => Number((await trx.insertInto('notes').values({ id, body: id }).executeTakeFirst()).numInsertedOrUpdatedRows);

describe('group commit on SQLite: writes run directly on the connection', () => {
  it('alone: its direct form runs, one statement without BEGIN, and resolves with its result once the row is in', async () => {
    const { db, database, group, log } = await openDirect();
    const result = await group.run(counted('a'), { oneStatement: true, direct: directInsert('a') });
    expect(result).toBe(1);
    expect(log).toEqual(['d:insert']);
    expect(database.inTransaction).toBe(false);
    expect(await ids(db)).toEqual(['a']);
  });

  it('of one tick: ONE BEGIN…COMMIT; one that throws fails alone and the others are written once', async () => {
    const { db, group, log } = await openDirect();
    await group.run(counted('taken'), { oneStatement: true, direct: directInsert('taken') });
    log.length = 0;
    const outcomes = await Promise.allSettled(['a', 'taken', 'c'].map((id) => group.run(counted(id), { oneStatement: true, direct: directInsert(id) })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: notes.id/);
    // The batch rolled back, then each write ran alone (one statement: no transaction).
    expect(log).toEqual(['d:begin', 'd:insert', 'd:insert', 'd:rollback', 'd:insert', 'd:insert', 'd:insert']);
    expect(await ids(db)).toEqual(['a', 'c', 'taken']);
  });

  it('a failing COMMIT fails every write of its batch and leaves none written', async () => {
    const { db, database, group } = await openDirect();
    // A deferred foreign key is checked only at COMMIT.
    database.exec(`pragma foreign_keys = on; create table links (id text primary key, note_id text references notes(id) deferrable initially deferred)`);
    const link = () => database.prepare(`insert into links (id, note_id) values ('l1', 'missing')`).run().changes;
    const outcomes = await Promise.allSettled([
      group.run(counted('a'), { oneStatement: true, direct: directInsert('a') }),
      group.run(async () => 0, { oneStatement: true, direct: link }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(database.inTransaction).toBe(false);
    expect(await ids(db)).toEqual([]);
  });

  it('never inside another transaction: while one is open the write goes through Kysely after it, and survives its rollback', async () => {
    const { db, group, log } = await openDirect();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const other = db.transaction().execute(async (trx) => {
      await insert('rolled-back')(trx);
      await released;
      throw new Error('rolled back');
    });
    // The transaction has begun and holds the connection when the batch goes out.
    while (!log.includes('k:insert')) await new Promise((resolve) => setImmediate(resolve));
    const write = group.run(counted('a'), { oneStatement: true, direct: directInsert('a') });
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await expect(other).rejects.toThrow('rolled back');
    await write;
    expect(log).toEqual(['k:begin', 'k:insert', 'k:rollback', 'k:insert']);
    expect(await ids(db)).toEqual(['a']);
  });

  it('a batch with a write that has no direct form goes through Kysely as a whole', async () => {
    const { db, group, log } = await openDirect();
    await Promise.all([group.run(counted('a'), { oneStatement: true, direct: directInsert('a') }), group.run(counted('b'), { oneStatement: true })]);
    expect(log).toEqual(['k:begin', 'k:insert', 'k:insert', 'k:commit']);
    expect(await ids(db)).toEqual(['a', 'b']);
  });

  it('drain waits for direct writes not yet sent', async () => {
    const { db, database } = await openDirect();
    const group = createGroupCommit(db, { schedule: () => undefined, sync: sqliteSyncConnection(database) });
    const writes = Promise.all([group.run(counted('a'), { direct: directInsert('a') }), group.run(counted('b'), { direct: directInsert('b') })]);
    await group.drain();
    expect(await writes).toEqual([1, 1]);
    expect(await ids(db)).toEqual(['a', 'b']);
  });
});
