import type { Kysely } from 'kysely';
import { sniffImageMediaType } from '../../media/sniff-image-media-type.ts';
import type { BlobStore } from '../blob-store.ts';
import { type BlobReference, type ExtractedBlob, extractBlobs, parseBlobReferences, rehydrateBlobs } from '../blob-references.ts';
import { MissingBlobError } from '../missing-blob-error.ts';
import type { LoggedEvent, ResponseEventLog } from '../response-event-log.ts';
import { responseBlobFolder } from './prepare-response-row.ts';
import type { StorageDatabase } from './storage-database.ts';

export interface KyselyResponseEventLogOptions {
  /** Migrated with `migrateResponseEventLog`; owned by the caller. */
  db: Kysely<StorageDatabase>;
  blobStore: BlobStore;
}

/** Under the response's blob folder, so deleting the response deletes its events' images too. */
function eventsBlobFolder(responseId: string): string {
  return `${responseBlobFolder(responseId)}events/`;
}

export function createKyselyResponseEventLog(options: KyselyResponseEventLogOptions): ResponseEventLog {
  const { db, blobStore } = options;
  return {
    async append(responseId, events) {
      if (events.length === 0) return;
      const rows = [];
      const blobs: ExtractedBlob[] = [];
      for (const event of events) {
        const extracted = extractEventBlobs(event, `${eventsBlobFolder(responseId)}${event.sequence_number}/`);
        blobs.push(...extracted.blobs);
        rows.push({
          response_id: responseId,
          sequence_number: event.sequence_number,
          type: event.type,
          event_json: JSON.stringify(extracted.document),
          blob_references_json: JSON.stringify(extracted.references),
        });
      }
      // Blobs first: a row a reader can see always has its images.
      await Promise.all(blobs.map((blob) => blobStore.put(blob.key, blob.bytes, blob.contentType)));
      await db.insertInto('response_events').values(rows).execute();
    },
    async listAfter(responseId, afterSequence) {
      const rows = await db
        .selectFrom('response_events')
        .select(['event_json', 'blob_references_json'])
        .where('response_id', '=', responseId)
        .where('sequence_number', '>', afterSequence)
        .orderBy('sequence_number')
        .execute();
      return Promise.all(
        rows.map(async (row) => {
          const event = JSON.parse(row.event_json) as LoggedEvent;
          await rehydrateBlobs(event, parseBlobReferences(row.blob_references_json), async (key) => {
            const bytes = await blobStore.get(key);
            if (bytes === undefined) throw new MissingBlobError(key);
            return bytes;
          });
          return event;
        }),
      );
    },
    async lastSequenceNumber(responseId) {
      const row = await db
        .selectFrom('response_events')
        .select((eb) => eb.fn.max('sequence_number').as('last'))
        .where('response_id', '=', responseId)
        .executeTakeFirst();
      return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
    },
    async requestCancel(responseId, requestedAtMillis) {
      await db
        .insertInto('response_cancels')
        .values({ response_id: responseId, requested_at: requestedAtMillis })
        .onConflict((conflict) => conflict.column('response_id').doNothing())
        .execute();
    },
    async cancelRequested(responseId) {
      const row = await db.selectFrom('response_cancels').select('response_id').where('response_id', '=', responseId).executeTakeFirst();
      return row !== undefined;
    },
    async forget(responseId) {
      await db.deleteFrom('response_events').where('response_id', '=', responseId).execute();
      await db.deleteFrom('response_cancels').where('response_id', '=', responseId).execute();
      await blobStore.deletePrefix(eventsBlobFolder(responseId));
    },
  };
}

/**
 * Moves an event's images to blobs: what `extractBlobs` finds (image results, data URLs) and a
 * partial image's bare base64 `partial_image_b64`, which only events carry.
 */
function extractEventBlobs(event: LoggedEvent, keyPrefix: string): { document: Record<string, unknown>; references: BlobReference[]; blobs: ExtractedBlob[] } {
  const extraction = extractBlobs(event, keyPrefix);
  const partial = event['partial_image_b64'];
  if (typeof partial !== 'string' || partial.length === 0) return extraction;
  const bytes = Buffer.from(partial, 'base64');
  // Only base64 that survives a round trip byte for byte is moved; anything else stays inline.
  if (bytes.toString('base64') !== partial) return extraction;
  const contentType = sniffImageMediaType(bytes) ?? 'application/octet-stream';
  const key = `${keyPrefix}partial.bin`;
  return {
    document: { ...extraction.document, partial_image_b64: { $blob: key } },
    references: [...extraction.references, { path: ['partial_image_b64'], key, encoding: 'base64', prefix: '' }],
    blobs: [...extraction.blobs, { key, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType }],
  };
}
