import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MemoryBlobStore, createMemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import type { LoggedEvent, ResponseEventLog } from '../../../src/storage/response-event-log.ts';
import { createKyselyResponseEventLog } from '../../../src/storage/sql/kysely-response-event-log.ts';
import type { StorageDatabase } from '../../../src/storage/sql/storage-database.ts';

export interface ResponseEventLogContractOptions {
  name: string;
  /** A new, migrated (response-event migrations included) database; closed by `close`. */
  create: () => Promise<{ db: Kysely<StorageDatabase>; close: () => Promise<void> }>;
}

/** A PNG signature and some bytes: enough to be sniffed as an image. */
const imageBase64 = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]).toString('base64');

const events: LoggedEvent[] = [
  { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'queued', output: [] } },
  { type: 'response.image_generation_call.partial_image', sequence_number: 1, item_id: 'ig_1', output_index: 0, partial_image_index: 0, partial_image_b64: imageBase64 },
  { type: 'response.output_item.done', sequence_number: 2, output_index: 0, item: { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: imageBase64 } },
  { type: 'response.completed', sequence_number: 3, response: { id: 'resp_1', status: 'completed', output: [{ id: 'ig_1', type: 'image_generation_call', status: 'completed', result: imageBase64 }] } },
];

/** What every SQL backend of the background event log must do; call it from the backend's test file. */
export function runResponseEventLogContract({ name, create }: ResponseEventLogContractOptions): void {
  describe(`${name} — ResponseEventLog contract`, () => {
    let opened: { db: Kysely<StorageDatabase>; close: () => Promise<void> };
    let blobs: MemoryBlobStore;
    let log: ResponseEventLog;
    beforeEach(async () => {
      opened = await create();
      blobs = createMemoryBlobStore();
      log = createKyselyResponseEventLog({ db: opened.db, blobStore: blobs });
    });
    afterEach(async () => opened.close());

    it('gives back the events after a sequence number, in order, images intact', async () => {
      await log.append('resp_1', events.slice(0, 2));
      await log.append('resp_1', events.slice(2));
      await log.append('resp_2', [{ type: 'response.created', sequence_number: 0, response: { id: 'resp_2' } }]);
      expect(await log.listAfter('resp_1', -1)).toEqual(events);
      expect(await log.listAfter('resp_1', 1)).toEqual(events.slice(2));
      expect(await log.listAfter('resp_1', 3)).toEqual([]);
      expect(await log.listAfter('resp_3', -1)).toEqual([]);
      expect(await log.lastSequenceNumber('resp_1')).toBe(3);
      expect(await log.lastSequenceNumber('resp_3')).toBeUndefined();
    });

    it('keeps images in the blob store, not in the rows', async () => {
      await log.append('resp_1', events);
      const rows = await opened.db.selectFrom('response_events').select('event_json').where('response_id', '=', 'resp_1').execute();
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.event_json).not.toContain(imageBase64.slice(0, 64));
      expect(blobs.keys().every((key) => key.startsWith('responses/resp_1/events/'))).toBe(true);
      expect(blobs.keys()).toHaveLength(3);
    });

    it('refuses a repeated sequence number', async () => {
      await log.append('resp_1', events.slice(0, 1));
      await expect(log.append('resp_1', events.slice(0, 1))).rejects.toThrow();
    });

    it('records a cancel request once, per response, and forgets with the events', async () => {
      expect(await log.cancelRequested('resp_1')).toBe(false);
      await log.requestCancel('resp_1', 1000);
      await log.requestCancel('resp_1', 2000);
      expect(await log.cancelRequested('resp_1')).toBe(true);
      expect(await log.cancelRequested('resp_2')).toBe(false);
      await log.append('resp_1', events);
      await log.forget('resp_1');
      expect(await log.cancelRequested('resp_1')).toBe(false);
      expect(await log.listAfter('resp_1', -1)).toEqual([]);
      expect(blobs.keys()).toEqual([]);
    });
  });
}
