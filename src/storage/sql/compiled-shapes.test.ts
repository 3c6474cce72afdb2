import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createCompiledShapes } from './compiled-shapes.ts';

interface Tables {
  notes: { id: string; body: string | null };
}

const open = () => new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });

describe('createCompiledShapes', () => {
  it('builds a shape once, then binds new parameters to the same SQL', () => {
    const db = open();
    const compiled = createCompiledShapes();
    let builds = 0;
    const insert = (id: string, body: string | null) =>
      compiled('notes:insert', [id, body], () => {
        builds += 1;
        return db.insertInto('notes').values({ id, body });
      });
    const first = insert('a', 'x');
    const second = insert('b', null);
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(second.parameters).toEqual(['b', null]);
    // Exactly what Kysely itself would have sent.
    expect(second).toMatchObject({ sql: db.insertInto('notes').values({ id: 'b', body: null }).compile().sql, parameters: ['b', null] });
  });

  it('never keeps a shape whose parameters disagree with what Kysely bound: it builds every time', () => {
    const db = open();
    const compiled = createCompiledShapes();
    let builds = 0;
    const wrongOrder = (id: string, body: string) =>
      compiled('notes:wrong', [body, id], () => {
        builds += 1;
        return db.insertInto('notes').values({ id, body });
      });
    expect(wrongOrder('a', 'x').parameters).toEqual(['a', 'x']);
    expect(wrongOrder('b', 'y').parameters).toEqual(['b', 'y']);
    expect(builds).toBe(2);
  });
});
