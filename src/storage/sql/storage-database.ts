/** Kysely's view of the response store's tables (snake_case, as in SQL). */
export interface StorageDatabase {
  responses: ResponsesTable;
  response_items: ResponseItemsTable;
}

export interface ResponsesTable {
  id: string;
  owner_id: string | null;
  previous_response_id: string | null;
  /** Unix seconds. PostgreSQL drivers may hand bigint back as a string; readers use Number(). */
  created_at: number;
  /** Names the blob folder of this save (`responses/<id>/<revision>/`), so a re-save never overwrites blobs a committed row uses. */
  revision: string;
  /** The Response object with images replaced by `{"$blob": key}` markers. */
  response_json: string;
  input_items_json: string;
  /** JSON array of `BlobReference` (blob-references.ts), paths rooted at `{response, inputItems}`. */
  blob_references_json: string;
}

/** One row per output or input item that has an `id`, for findItem. */
export interface ResponseItemsTable {
  response_id: string;
  source: ItemSource;
  /** Index in `output` or in the input items. */
  position: number;
  item_id: string;
  owner_id: string | null;
  /** The item's `type`, e.g. `image_generation_call`. */
  item_type: string;
}

export type ItemSource = 'output' | 'input';
