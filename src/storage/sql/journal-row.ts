import { isBlobKeySegment } from '../blob-key.ts';
import type { BegunResponse } from '../response-store.ts';
import type { ResponsesTable } from './storage-database.ts';

/**
 * The `revision` of a journal row. Never a real revision (those are blob-key segments, never
 * empty), so a save knows the row it replaces holds no blobs and no item index.
 */
export const JOURNAL_REVISION = '';

/**
 * The light row `begin` writes: the response's identity, owner and status, and a Response
 * object of a few fields (what a read answers while it runs, and what reconciliation fails).
 */
export function journalRow(entry: BegunResponse): ResponsesTable {
  if (!isBlobKeySegment(entry.id)) throw new TypeError(`Response id ${JSON.stringify(entry.id)} cannot be stored`);
  if (!Number.isSafeInteger(entry.createdAt)) throw new TypeError('createdAt must be whole unix seconds');
  const response = {
    id: entry.id,
    object: 'response',
    created_at: entry.createdAt,
    status: 'in_progress',
    model: entry.model,
    previous_response_id: entry.previousResponseId,
    output: [],
  };
  return {
    id: entry.id,
    owner_id: entry.ownerId,
    previous_response_id: entry.previousResponseId,
    created_at: entry.createdAt,
    revision: JOURNAL_REVISION,
    response_json: JSON.stringify(response),
    input_items_json: '[]',
    blob_references_json: '[]',
    status: 'in_progress',
  };
}
