import type { ConversationTables } from './conversation-tables.ts';

/** Kysely's view of the stores' tables (snake_case, as in SQL). */
export interface StorageDatabase extends ConversationTables {
  responses: ResponsesTable;
  response_items: ResponseItemsTable;
  api_keys: ApiKeysTable;
  budget_reservations: BudgetReservationsTable;
  budget_locks: BudgetLocksTable;
  usage_ledger: UsageLedgerTable;
  instances: InstancesTable;
  rate_events: RateEventsTable;
  response_events: ResponseEventsTable;
  response_cancels: ResponseCancelsTable;
  files: FilesTable;
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
  /** The Response's `status`; null for rows written before 0002. */
  status: string | null;
  /** The server instance that last saved it (instance-migrations.ts); absent where that schema is not applied. */
  instance_id?: string | null;
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

/*
 * Accounting tables (accounting-store-migrations.ts). Money is integer micro-dollars and times
 * Unix milliseconds, both `bigint` columns: PostgreSQL drivers may return them as strings, so
 * readers convert with Number() (exact below 2^53).
 */

export interface ApiKeysTable {
  id: string;
  name: string;
  /** First 12 characters of the secret; indexed, narrows findBySecret to a few rows. */
  prefix: string;
  /** HMAC-SHA-256 of the secret, hex. */
  hash: string;
  created_at: number;
  revoked_at: number | null;
  /** The KeyPolicy as JSON. */
  policy_json: string;
}

export type ReservationStatus = 'active' | 'settled' | 'released';

export interface BudgetReservationsTable {
  id: string;
  key_id: string;
  response_id: string;
  amount_micros: number;
  status: ReservationStatus;
  created_at: number;
  /** When it was settled or released. */
  closed_at: number | null;
  /** The settled cost; `null` until settled. */
  settled_micros: number | null;
  /** The server instance that holds it (instance-migrations.ts). */
  instance_id?: string | null;
  /** That instance's lease generation when it reserved (0002_lease_generation); settling needs it to still be current. */
  instance_generation?: number;
}

/** One row per key, updated first in every reservation to serialize a key's reservations on PostgreSQL (see kysely-budget-store.ts). */
export interface BudgetLocksTable {
  key_id: string;
  /** Reservations taken under the lock; only there so the upsert changes something. */
  lock_count: number;
}

export interface UsageLedgerTable {
  id: string;
  key_id: string | null;
  response_id: string;
  /** The reservation settled with this entry; `null` for entries recorded directly. */
  reservation_id: string | null;
  model: string;
  kind: 'text' | 'image' | 'image_partial';
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  images: number;
  cost_micros: number;
  basis: 'tokens' | 'per_image' | 'unknown';
  created_at: number;
}

/** One row per running server instance: its lease (instance-migrations.ts, kysely-instance-store.ts). */
export interface InstancesTable {
  id: string;
  hostname: string;
  pid: number;
  started_at: number;
  /** Unix milliseconds; past it (and a grace period), any live instance fences this one and reconciles its work. */
  lease_expires_at: number;
  /** Bumped each time the instance re-registers after being fenced (0002_lease_generation). */
  generation?: number;
}

/** Per-key rate-limit events, shared by every instance (kysely-rate-limit-store.ts). */
export interface RateEventsTable {
  id: string;
  key_id: string;
  kind: 'request' | 'image';
  amount: number;
  /** Unix milliseconds. */
  at: number;
}

/** One event of a background response (response-event-migrations.ts, kysely-response-event-log.ts). */
export interface ResponseEventsTable {
  response_id: string;
  sequence_number: number;
  type: string;
  /** The event with images replaced by `{"$blob": key}` markers. */
  event_json: string;
  /** JSON array of `BlobReference`, paths rooted at the event. */
  blob_references_json: string;
}

/** A cancel asked for a background response; whichever instance runs it notices. */
export interface ResponseCancelsTable {
  response_id: string;
  /** Unix milliseconds. */
  requested_at: number;
}

/** The `files` table (file-store-migrations.ts); times are Unix milliseconds in `bigint` columns. */
export interface FilesTable {
  id: string;
  owner_id: string | null;
  filename: string;
  purpose: string;
  bytes: number;
  content_type: string;
  created_at: number;
  expires_at: number | null;
}
