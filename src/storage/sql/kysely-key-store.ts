import type { Kysely, Selectable } from 'kysely';
import { checkKeyPolicy } from '../key-policy-check.ts';
import { generateKeySecret, hashesEqual, hashKeySecret, isPlausibleKeySecret, keyPrefixOf } from '../key-secret.ts';
import type { ApiKeyRecord, KeyPolicy, KeyStore } from '../key-store.ts';
import { randomAccountingId, type AccountingIdGenerator } from './accounting-ids.ts';
import type { ApiKeysTable, StorageDatabase } from './storage-database.ts';

export interface KyselyKeyStoreOptions {
  /** Already migrated (see `migrateAccountingStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  /** Server-wide secret mixed into every key hash; changing it invalidates every key. Never stored in the database. */
  pepper: string | Uint8Array;
  /** Unix milliseconds. Default `Date.now`. */
  now?: () => number;
  generateId?: AccountingIdGenerator;
}

/** The key store over any Kysely dialect. Only the secret's prefix and keyed hash are written. */
export function createKyselyKeyStore(options: KyselyKeyStoreOptions): KeyStore {
  const { db, pepper } = options;
  if (pepper.length === 0) throw new TypeError('The key pepper must not be empty');
  const now = options.now ?? Date.now;
  const generateId = options.generateId ?? randomAccountingId;

  const get = async (id: string): Promise<ApiKeyRecord | undefined> => {
    const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };

  return {
    async createKey({ name, policy }) {
      assertName(name);
      const checkedPolicy = checkKeyPolicy(policy);
      const secret = generateKeySecret();
      const row: ApiKeysTable = {
        id: generateId('key'),
        name,
        prefix: keyPrefixOf(secret),
        hash: hashKeySecret(secret, pepper),
        created_at: now(),
        revoked_at: null,
        policy_json: JSON.stringify(checkedPolicy),
      };
      await db.insertInto('api_keys').values(row).execute();
      return { record: toRecord(row), secret };
    },

    async findBySecret(secret) {
      if (!isPlausibleKeySecret(secret)) return undefined;
      const hash = hashKeySecret(secret, pepper);
      // Look up by the public prefix, then compare hashes in constant time: the query never
      // depends on secret material beyond what every listing shows.
      const candidates = await db.selectFrom('api_keys').selectAll().where('prefix', '=', keyPrefixOf(secret)).execute();
      let match: Selectable<ApiKeysTable> | undefined;
      for (const row of candidates) if (hashesEqual(row.hash, hash)) match = row;
      return match === undefined || match.revoked_at !== null ? undefined : toRecord(match);
    },

    async list() {
      const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toRecord);
    },

    get,

    async update(id, changes) {
      const set: { name?: string; policy_json?: string } = {};
      if (changes.name !== undefined) {
        assertName(changes.name);
        set.name = changes.name;
      }
      if (changes.policy !== undefined) set.policy_json = JSON.stringify(checkKeyPolicy(changes.policy));
      if (Object.keys(set).length > 0) await db.updateTable('api_keys').set(set).where('id', '=', id).execute();
      return get(id);
    },

    async revoke(id) {
      await db.updateTable('api_keys').set({ revoked_at: now() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      return get(id);
    },

    async count() {
      const row = await db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll().as('keys'))
        .executeTakeFirstOrThrow();
      return Number(row.keys);
    },
  };
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new TypeError('name must be a string');
}

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    policy: checkKeyPolicy(JSON.parse(row.policy_json)),
  };
}
