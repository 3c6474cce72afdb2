import type { ConversationItem } from '../responses/conversation/conversation-item.ts';
import type { StoredOutputItem, StoredResponseObject } from './stored-response-schema.ts';

/**
 * One stored response: the OpenAI Response object exactly as answered (snake_case wire JSON,
 * images included) and the normalized input items of its request.
 */
export interface StoredResponse {
  /** `resp_…`; also a blob-key segment, so only `[A-Za-z0-9_-]` (plus inner dots) is accepted. */
  id: string;
  /** The tenant that created it; `null` when the server runs without tenants. */
  ownerId: string | null;
  previousResponseId: string | null;
  /** Unix time in seconds. */
  createdAt: number;
  /** The Response object; returned by reads deep-equal to what was saved (and checked against its stored shape). */
  response: StoredResponseObject;
  /**
   * The request's input items, in request order. Every item MUST carry a string `id`, unique
   * within this list: the caller assigns ids to items that came without one (OpenAI lists
   * input items with ids such as `msg_…`), and resolves `item_reference` items into the items
   * they name before saving. `save` throws a TypeError otherwise. The store keeps ids as given.
   */
  inputItems: ConversationItem[];
}

/**
 * What a starting response journals (see `ResponseStore.begin`): enough to answer a read and to
 * reconcile it after a crash, nothing of the request's input or output.
 */
export interface BegunResponse {
  /** `resp_…`; the same rules as `StoredResponse.id`. */
  id: string;
  ownerId: string | null;
  previousResponseId: string | null;
  /** Unix time in seconds. */
  createdAt: number;
  /** The model the response runs on, as it will answer. */
  model: string;
}

export interface InputItemsPageOptions {
  /** Item id; the page starts right after it (in `order`). */
  after?: string;
  /** Item id; the page ends right before it (in `order`). Without `after`, the page holds the `limit` items nearest the cursor — the previous page. */
  before?: string;
  /** Most items returned; the caller validates the range (OpenAI allows 1–100). */
  limit: number;
  /** `asc` is request order. */
  order: 'asc' | 'desc';
}

export interface InputItemsPage {
  data: ConversationItem[];
  /** Whether items remain past the page in the direction of travel (past `before` going back). A cursor id not in the list gives an empty page. */
  hasMore: boolean;
}

/** When a save may replace what is stored. */
export interface SaveCondition {
  /**
   * Replace only a response that has not ended: none stored yet, a `begin` journal row, or a
   * saved one still `in_progress` or `queued` — checked in the statement that writes. A response
   * another instance already ended (reconciliation marked it `failed` while this one was
   * stalled) stays as it is, and nothing is written. Every write of a running response and of
   * reconciliation uses it, so whichever ends a response first decides how it ended.
   */
  onlyWhileRunning?: boolean;
}

/**
 * Stored responses, isolated by owner: every read takes the caller's owner id and sees only
 * that owner's responses (`null` matches only `null`). Images (base64 strings) live in a blob
 * store, never in the rows, and are put back on read.
 */
export interface ResponseStore {
  /**
   * Journals a response that starts running, in one light write (no JSON of its input or
   * output): until `save` replaces it, reads see it as an `in_progress` Response without output
   * or input items, and `InstanceStore.orphanedResponses` lists it once its instance is dead, so
   * a crash mid-response still ends as `failed`. Does nothing when the id is already stored.
   */
  begin(entry: BegunResponse): Promise<void>;
  /**
   * Inserts or replaces (a response is saved when it ends, and may be saved again, e.g. after
   * cancel). The first save after `begin` (or of a new id) is one write of the row and its
   * item index; replacing a saved response also drops the replaced save's item index and blobs.
   * `true` when written; `false` only under `condition.onlyWhileRunning` (see {@link SaveCondition}).
   */
  save(record: StoredResponse, condition?: SaveCondition): Promise<boolean>;
  get(id: string, ownerId: string | null): Promise<StoredResponse | undefined>;
  /** Removes the response, its item index and its blobs; `false` when the owner has no such response. */
  delete(id: string, ownerId: string | null): Promise<boolean>;
  /**
   * An output or input item with this `id` (`ig_…`, `msg_…`, `fc_…`) in any of the owner's
   * responses. When several responses hold it (an output passed back as input), the response
   * that produced it as output wins, then the oldest.
   */
  findItem(itemId: string, ownerId: string | null): Promise<{ responseId: string; item: ConversationItem | StoredOutputItem } | undefined>;
  /** A page of the response's input items; `undefined` when the owner has no such response. */
  listInputItems(id: string, ownerId: string | null, options: InputItemsPageOptions): Promise<InputItemsPage | undefined>;
  /**
   * The newest responses of every owner (operators only), newest first. Images are NOT put
   * back (they stay `{"$blob": key}` markers): this is for summaries, not for clients.
   */
  listRecent(limit: number): Promise<Array<{ id: string; ownerId: string | null; createdAt: number; response: StoredResponseObject }>>;
  /** Ids and owners of stored responses with this status (e.g. `in_progress` after a crash). */
  listByStatus(status: string): Promise<Array<{ id: string; ownerId: string | null }>>;
  close(): Promise<void>;
}
