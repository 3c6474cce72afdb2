import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from '../../../test/support/postgres-test-database.ts';
import { ledgerEntry } from '../../../test/kits/storage/usage-store.fixtures.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import type { Stores } from '../sql/kysely-stores.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import { createPostgresStores } from './create-postgres-stores.ts';

let database: Promise<string> | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
});

async function open(): Promise<{ stores: Stores; url: string; schema: string; queries: ExecutedQuery[] }> {
  const url = await (database ??= createTestDatabase());
  const schema = `s_${randomBytes(6).toString('hex')}`;
  const queries: ExecutedQuery[] = [];
  stores = await createPostgresStores({ url, schema, blobStore: createMemoryBlobStore(), pepper: 'test-pepper', maxConnections: 4, onQuery: (query) => queries.push(query) });
  queries.length = 0;
  return { stores, url, schema, queries };
}

/** Runs SQL on its own connection, in the stores' schema. */
async function onTheSide(url: string, schema: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

const responseIds = (count: number) => Array.from({ length: count }, (_, index) => `resp_${index}`);
const firstWords = (queries: ExecutedQuery[]) => queries.map((query) => query.sql.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase());

describePostgres('PostgreSQL stores: the rows of one tick in one statement', () => {
  it('20 concurrent ledger writes are ONE multi-row INSERT (one round trip, no BEGIN/COMMIT), each row written once', async () => {
    const { stores, url, schema, queries } = await open();
    await Promise.all(responseIds(20).map((responseId) => stores.usage.record([ledgerEntry({ responseId, keyId: null })])));
    expect(firstWords(queries)).toEqual(['insert into "usage_ledger"']);
    expect(queries[0]?.parameters).toHaveLength(20 * 13);
    const rows = await onTheSide(url, schema, 'select response_id, count(*)::int as n from usage_ledger group by response_id order by response_id');
    expect(rows).toEqual(responseIds(20).sort().map((id) => ({ response_id: id, n: 1 })));
  });

  it('20 concurrent journal rows are ONE insert; a journal row still never overwrites a saved response', async () => {
    const { stores, queries } = await open();
    await stores.responses.save({ id: 'resp_0', ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, response: { id: 'resp_0', object: 'response', status: 'completed', output: [] }, inputItems: [] });
    queries.length = 0;
    await Promise.all(responseIds(20).map((id) => stores.responses.begin({ id, ownerId: null, previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' })));
    expect(firstWords(queries)).toEqual(['insert into "responses"']);
    expect((await stores.responses.get('resp_0', null))?.response.status).toBe('completed');
    expect((await stores.responses.listByStatus('in_progress')).map((row) => row.id).sort()).toEqual(responseIds(20).slice(1).sort());
  });

  it('a ledger row the database refuses fails only its own caller: the statement is retried caller by caller, the others written once', async () => {
    const { stores, url, schema } = await open();
    await onTheSide(
      url,
      schema,
      `create function refuse_ledger() returns trigger language plpgsql as $$ begin raise exception 'ledger row refused' using errcode = '23514'; end $$;
       create trigger refuse_ledger before insert on usage_ledger for each row when (new.response_id = 'resp_3') execute function refuse_ledger();`,
    );
    const outcomes = await Promise.allSettled(responseIds(20).map((responseId) => stores.usage.record([ledgerEntry({ responseId, keyId: null })])));
    expect(outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [[index, String(outcome.reason)]] : []))).toEqual([[3, 'error: ledger row refused']]);
    const rows = await onTheSide(url, schema, 'select response_id, count(*)::int as n from usage_ledger group by response_id order by response_id');
    expect(rows).toEqual(responseIds(20).filter((id) => id !== 'resp_3').sort().map((id) => ({ response_id: id, n: 1 })));
  });
});
