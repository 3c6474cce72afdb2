import type { Kysely, Selectable } from 'kysely';
import { randomHex } from '../../ids/id-generator.ts';
import { parseBlobReferences, referencesUnder, rehydrateBlobs } from '../blob-references.ts';
import type { BlobStore } from '../blob-store.ts';
import { MissingBlobError } from '../missing-blob-error.ts';
import { pageById } from '../page-by-id.ts';
import type { ResponseStore, StoredResponse } from '../response-store.ts';
import { readStoredInputItem, readStoredInputItems, readStoredItemList, readStoredResponseObject } from '../stored-response-schema.ts';
import { prepareResponseRow, responseBlobFolder, revisionBlobFolder } from './prepare-response-row.ts';
import { JOURNAL_REVISION, journalRow } from './journal-row.ts';
import type { ResponsesTable, StorageDatabase } from './storage-database.ts';
import { createCompiledShapes } from './compiled-shapes.ts';
import { createDirectWrites, type GroupCommit } from './group-commit.ts';
import { createRowBatch, isServerReportedError } from './row-batch.ts';
import { insertJournalRows, insertOverJournal, insertOverJournalInOneStatement, replaceSavedRow, type ReplaceResult, type ResponseWriteMode } from './write-response-row.ts';

export interface KyselyResponseStoreOptions {
  /** Already migrated (see `migrateResponseStore`); destroyed by `close()`. */
  db: Kysely<StorageDatabase>;
  blobStore: BlobStore;
  /** Names each save's blob folder; must be a blob-key segment. Default: 16 random hex digits. */
  generateRevision?: () => string;
  /** Stamped on every save, so only a dead instance's in-progress responses are reconciled; needs `migrateInstanceStore`. */
  instanceId?: string;
  /** How a first save is written (write-response-row.ts). Default `transaction`. */
  writeMode?: ResponseWriteMode;
  /**
   * Runs the journal row and, in `transaction` mode, the save's transaction: a group commit
   * (group-commit.ts) batches those of one tick into one transaction. Default: each on its own.
   */
  writes?: GroupCommit<StorageDatabase>;
}

/** Journal rows per statement: 10 parameters each, well under the bound-parameter limits. */
const journalRowsPerStatement = 200;

/** A blob can vanish under a reader when a concurrent re-save commits; reading the row again sees the new one. */
const readAttempts = 3;

/**
 * The response store over any Kysely dialect. Writes blobs first, then the row and its item
 * index in one transaction (or one statement), then drops the blobs of the replaced save: a
 * crash leaves at worst orphan blobs, never a row pointing at missing ones. `begin` writes a
 * light journal row (journal-row.ts) that the first save replaces.
 */
export function createKyselyResponseStore(options: KyselyResponseStoreOptions): ResponseStore & { drainWrites(): Promise<void> } {
  const { db, blobStore } = options;
  // From the pooled random bytes ids use: a randomBytes call per save was ~19 µs of its CPU.
  const generateRevision = options.generateRevision ?? (() => randomHex(8));
  const writeMode = options.writeMode ?? 'transaction';
  const compiled = createCompiledShapes();
  const writes = options.writes ?? createDirectWrites(db);
  // PostgreSQL (`single-statement`): the journal rows of one tick in one multi-row INSERT, one round trip.
  const journalRows =
    writeMode === 'single-statement'
      ? createRowBatch<ResponsesTable>({ write: (rows) => insertJournalRows(db, compiled, rows), maxRows: journalRowsPerStatement, failedForSure: isServerReportedError })
      : undefined;
  const drainWrites = async (): Promise<void> => {
    await Promise.all([writes.drain(), journalRows?.drain()]);
  };

  const readBlob = async (key: string): Promise<Uint8Array> => {
    const bytes = await blobStore.get(key);
    if (bytes === undefined) throw new MissingBlobError(key);
    return bytes;
  };

  const selectRow = (id: string, ownerId: string | null) =>
    db
      .selectFrom('responses')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => (ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', ownerId)))
      .executeTakeFirst();

  /** Discards the new save's blobs unless its row made it in (a commit can fail ambiguously). */
  const discardUncommitted = async (id: string, revision: string): Promise<void> => {
    try {
      const row = await db.selectFrom('responses').select('revision').where('id', '=', id).executeTakeFirst();
      if (row?.revision !== revision) await blobStore.deletePrefix(revisionBlobFolder(id, revision));
    } catch {
      // Unknown state: orphan blobs are harmless, deleting blobs a row uses is not.
    }
  };

  return {
    async begin(entry) {
      const journal = journalRow(entry);
      const row = options.instanceId === undefined ? journal : { ...journal, instance_id: options.instanceId };
      if (journalRows !== undefined) await journalRows.add([row]);
      else await writes.run((trx) => insertJournalRows(trx, compiled, [row]), { oneStatement: true });
    },

    async save(record, condition = {}) {
      const onlyWhileRunning = condition.onlyWhileRunning === true;
      const revision = generateRevision();
      const prepared = prepareResponseRow(record, revision);
      const { itemRows, blobs } = prepared;
      const row = options.instanceId === undefined ? prepared.row : { ...prepared.row, instance_id: options.instanceId };
      // A first save (no row, or a journal row, which is always running) needs no condition.
      const firstSave: ReplaceResult = { written: true, replacedRevision: undefined };
      let result: ReplaceResult;
      try {
        if (blobs.length > 0) {
          const writes = await Promise.allSettled(blobs.map((blob) => blobStore.put(blob.key, blob.bytes, blob.contentType)));
          const failed = writes.find((write) => write.status === 'rejected');
          if (failed !== undefined) throw failed.reason;
        }
        if (writeMode === 'single-statement') {
          result = (await insertOverJournalInOneStatement(db, compiled, row, itemRows))
            ? firstSave
            : await db.transaction().execute((trx) => replaceSavedRow(trx, compiled, row, itemRows, onlyWhileRunning));
        } else {
          result = await writes.run(async (trx) => ((await insertOverJournal(trx, compiled, row, itemRows)) ? firstSave : replaceSavedRow(trx, compiled, row, itemRows, onlyWhileRunning)));
        }
      } catch (error) {
        if (blobs.length > 0) await discardUncommitted(row.id, revision);
        throw error;
      }
      if (!result.written) {
        // Refused: this save's blobs belong to no row.
        if (blobs.length > 0) await discardUncommitted(row.id, revision);
        return false;
      }
      const { replacedRevision } = result;
      // A journal row (empty revision) had no blobs.
      if (replacedRevision !== undefined && replacedRevision !== JOURNAL_REVISION && replacedRevision !== revision) {
        await blobStore.deletePrefix(revisionBlobFolder(row.id, replacedRevision));
      }
      return true;
    },

    async listRecent(limit) {
      const rows = await db.selectFrom('responses').select(['id', 'owner_id', 'created_at', 'response_json']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id, createdAt: Number(row.created_at), response: readStoredResponseObject(JSON.parse(row.response_json), row.id) }));
    },

    async listByStatus(status) {
      const rows = await db.selectFrom('responses').select(['id', 'owner_id']).where('status', '=', status).execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id }));
    },

    async get(id, ownerId) {
      return retryOnMissingBlob(async () => {
        const row = await selectRow(id, ownerId);
        return row === undefined ? undefined : toStoredResponse(row, readBlob);
      });
    },

    async delete(id, ownerId) {
      const deleted = await db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('responses')
          .where('id', '=', id)
          .where((eb) => (ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', ownerId)))
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) return false;
        await trx.deleteFrom('response_items').where('response_id', '=', id).execute();
        return true;
      });
      // Only ids that passed save's key check have rows, so the prefix is safe to build.
      if (deleted) await blobStore.deletePrefix(responseBlobFolder(id));
      return deleted;
    },

    async findItem(itemId, ownerId) {
      return retryOnMissingBlob(async () => {
        const hit = await db
          .selectFrom('response_items')
          .innerJoin('responses', 'responses.id', 'response_items.response_id')
          .select(['response_items.response_id', 'response_items.source', 'response_items.position'])
          .where('response_items.item_id', '=', itemId)
          .where((eb) =>
            ownerId === null ? eb('response_items.owner_id', 'is', null) : eb('response_items.owner_id', '=', ownerId),
          )
          // 'output' sorts after 'input': descending puts the producing response first.
          .orderBy('response_items.source', 'desc')
          .orderBy('responses.created_at', 'asc')
          .orderBy('response_items.response_id', 'asc')
          .limit(1)
          .executeTakeFirst();
        if (hit === undefined) return undefined;
        const row = await selectRow(hit.response_id, ownerId);
        if (row === undefined) return undefined;
        const references = parseBlobReferences(row.blob_references_json);
        const root = hit.source === 'output' ? ['response', 'output', hit.position] : ['inputItems', hit.position];
        const document: unknown = JSON.parse(hit.source === 'output' ? row.response_json : row.input_items_json);
        const items = hit.source === 'output' ? readStoredResponseObject(document, row.id).output : readStoredItemList(document, row.id);
        const item = items[hit.position];
        if (item === undefined) return undefined;
        await rehydrateBlobs(item, referencesUnder(references, root), readBlob);
        return { responseId: hit.response_id, item: hit.source === 'output' ? item : readStoredInputItem(item, row.id) };
      });
    },

    async listInputItems(id, ownerId, pageOptions) {
      return retryOnMissingBlob(async () => {
        const row = await selectRow(id, ownerId);
        if (row === undefined) return undefined;
        const items = readStoredItemList(JSON.parse(row.input_items_json), row.id);
        const references = parseBlobReferences(row.blob_references_json);
        const page = pageById(
          items.map((item) => item.id ?? ''),
          pageOptions,
        );
        const data = await Promise.all(
          page.positions.flatMap((position) => {
            const item = items[position];
            if (item === undefined) return [];
            return [rehydrateBlobs(item, referencesUnder(references, ['inputItems', position]), readBlob).then(() => readStoredInputItem(item, row.id))];
          }),
        );
        return { data, hasMore: page.hasMore };
      });
    },

    drainWrites,

    async close() {
      await drainWrites();
      await db.destroy();
    },
  };
}

async function toStoredResponse(
  row: Selectable<ResponsesTable>,
  readBlob: (key: string) => Promise<Uint8Array>,
): Promise<StoredResponse> {
  const document: { response: unknown; inputItems: unknown } = {
    response: JSON.parse(row.response_json),
    inputItems: JSON.parse(row.input_items_json),
  };
  await rehydrateBlobs(document, parseBlobReferences(row.blob_references_json), readBlob);
  // Checked after rehydration: the shapes hold for the answer the client gets.
  return {
    id: row.id,
    ownerId: row.owner_id,
    previousResponseId: row.previous_response_id,
    createdAt: Number(row.created_at),
    response: readStoredResponseObject(document.response, row.id),
    inputItems: readStoredInputItems(document.inputItems, row.id),
  };
}

async function retryOnMissingBlob<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof MissingBlobError) || attempt >= readAttempts) throw error;
    }
  }
}
