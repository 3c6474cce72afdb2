import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { type ReadinessCheck, directoryReadiness, sqliteReadiness } from '../observability/readiness.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createFsBlobStore } from '../storage/fs-blob-store.ts';
import { createPostgresStores } from '../storage/postgres/create-postgres-stores.ts';
import { isPostgresUrl } from '../storage/postgres/open-postgres-kysely.ts';
import type { Stores } from '../storage/sql/kysely-stores.ts';
import { createSqliteStores } from '../storage/sqlite/create-sqlite-stores.ts';

export interface OpenedStorage {
  stores: Stores;
  /** For the banner, e.g. `PostgreSQL postgres://db.internal:5432/imagegate` (never a password). */
  databaseLabel: string;
  blobLabel: string;
  /** The SQLite file or PostgreSQL URL (password hidden), and the blob folder or s3:// URL. */
  paths: { database: string; blobs: string };
  /** What /ready checks: the database and the blob store. */
  readiness: ReadinessCheck[];
}

/** The blob store `storage.blobs` names: `s3://bucket/prefix`, a folder, or `<dataDir>/blobs`. */
export async function openBlobStore(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<{ blobStore: BlobStore; label: string; path: string; readiness: ReadinessCheck }> {
  const configured = config.storage.blobs;
  if (configured !== undefined && configured.startsWith('s3:')) {
    // The AWS SDK (~25 MB resident) is loaded only when blobs go to S3.
    const [{ S3Client }, { createS3BlobStore, parseS3Url, s3ClientConfigFromEnv }] = await Promise.all([import('@aws-sdk/client-s3'), import('../storage/s3/s3-blob-store.ts')]);
    const location = parseS3Url(configured);
    if (location === undefined) throw new Error(`storage.blobs ${JSON.stringify(configured)} is not an s3://bucket/prefix URL`);
    const blobStore = createS3BlobStore(location, new S3Client(s3ClientConfigFromEnv(env)));
    // Reading a key that is never written: answers "none" when the bucket is reachable and ours to read.
    const readiness = { name: 'blob_store', check: async () => void (await blobStore.get('readiness-probe')) };
    return { blobStore, label: `S3 ${configured}`, path: configured, readiness };
  }
  const folder = resolve(configured ?? join(config.dataDir, 'blobs'));
  mkdirSync(folder, { recursive: true });
  return { blobStore: createFsBlobStore({ rootDir: folder }), label: `files under ${folder}`, path: folder, readiness: directoryReadiness('blob_store', folder) };
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/**
 * Opens the stores `storage.database` names: PostgreSQL for a `postgres://` URL (migrated under
 * an advisory lock), else a SQLite file (default `<dataDir>/imagegate.sqlite`).
 */
export async function openStorage(config: Config, options: { pepper: string; now: () => number }): Promise<OpenedStorage> {
  const { blobStore, label: blobLabel, path: blobPath, readiness: blobReadiness } = await openBlobStore(config);
  const database = config.storage.database;
  const common = { blobStore, pepper: options.pepper, now: options.now, leaseMillis: config.storage.leaseMillis };
  if (database !== undefined && isPostgresUrl(database)) {
    const shown = withoutPassword(database);
    const stores = await createPostgresStores({ url: database, ...common });
    // A read through the pool: the server reached, the schema migrated.
    const databaseReadiness = { name: 'database', check: async () => void (await stores.keys.count()) };
    return { stores, databaseLabel: `PostgreSQL ${shown}`, blobLabel, paths: { database: shown, blobs: blobPath }, readiness: [databaseReadiness, blobReadiness] };
  }
  const file = resolve(database ?? join(config.dataDir, 'imagegate.sqlite'));
  mkdirSync(dirname(file), { recursive: true });
  const stores = await createSqliteStores({ file, ...common });
  return { stores, databaseLabel: `SQLite ${file}`, blobLabel, paths: { database: file, blobs: blobPath }, readiness: [sqliteReadiness(file), blobReadiness] };
}
