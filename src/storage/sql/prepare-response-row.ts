import { isBlobKeySegment } from '../blob-key.ts';
import { extractBlobs, type ExtractedBlob } from '../blob-references.ts';
import type { StoredResponse } from '../response-store.ts';
import type { ItemSource, ResponseItemsTable, ResponsesTable } from './storage-database.ts';

export interface PreparedResponse {
  row: ResponsesTable;
  itemRows: ResponseItemsTable[];
  /** To be written before the row is committed. */
  blobs: ExtractedBlob[];
}

/** The folder holding every blob of one response, across its saves. */
export function responseBlobFolder(responseId: string): string {
  return `responses/${responseId}/`;
}

/** The folder holding the blobs of one save of a response. */
export function revisionBlobFolder(responseId: string, revision: string): string {
  return `${responseBlobFolder(responseId)}${revision}/`;
}

/**
 * Checks a record and splits it into its row, its item index rows and its blobs. Throws a
 * TypeError for what the caller must guarantee: a key-safe id, integer seconds, and an
 * unique `id` on every input item.
 */
export function prepareResponseRow(record: StoredResponse, revision: string): PreparedResponse {
  if (!isBlobKeySegment(record.id)) throw new TypeError(`Response id ${JSON.stringify(record.id)} cannot be stored`);
  if (!isBlobKeySegment(revision)) throw new TypeError(`Revision ${JSON.stringify(revision)} is not a valid key segment`);
  if (!Number.isSafeInteger(record.createdAt)) throw new TypeError('createdAt must be whole unix seconds');
  assertInputItemIds(record.inputItems);

  const extraction = extractBlobs(
    { response: record.response, inputItems: record.inputItems },
    revisionBlobFolder(record.id, revision),
  );
  const indexRows = (items: ReadonlyArray<{ type: string; id?: string | undefined }>, source: ItemSource): ResponseItemsTable[] =>
    items.flatMap(({ id, type }, position) => {
      // An item_reference's id names another item; indexing it would shadow the real one.
      if (id === undefined || id === '' || type === 'item_reference') return [];
      return [{ response_id: record.id, source, position, item_id: id, owner_id: record.ownerId, item_type: type }];
    });

  return {
    row: {
      id: record.id,
      owner_id: record.ownerId,
      previous_response_id: record.previousResponseId,
      created_at: record.createdAt,
      revision,
      response_json: JSON.stringify(extraction.document.response),
      input_items_json: JSON.stringify(extraction.document.inputItems),
      blob_references_json: JSON.stringify(extraction.references),
      status: record.response.status,
    },
    itemRows: [...indexRows(record.response.output, 'output'), ...indexRows(record.inputItems, 'input')],
    blobs: extraction.blobs,
  };
}

function assertInputItemIds(items: ReadonlyArray<{ id?: unknown }>): void {
  const seen = new Set<string>();
  items.forEach((item, position) => {
    const id = item.id;
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`inputItems[${position}] has no id; assign one (e.g. msg_…) before saving`);
    }
    if (seen.has(id)) throw new TypeError(`inputItems[${position}] repeats the id ${id}`);
    seen.add(id);
  });
}
