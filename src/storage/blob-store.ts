/**
 * Keeps large binary values (images) out of SQL rows. Keys are relative `/`-separated paths
 * whose segments use `[A-Za-z0-9._-]` and do not start with a dot (see `blob-key.ts`).
 */
export interface BlobStore {
  /** Stores `bytes` under `key`, replacing any value; a reader never sees a partial write. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or `undefined` when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Removes every key starting with `prefix` — a plain string prefix as in S3, so end it with
   * `/` to remove exactly one folder (`responses/resp_1/` spares `responses/resp_12/`).
   */
  deletePrefix(prefix: string): Promise<void>;
}
