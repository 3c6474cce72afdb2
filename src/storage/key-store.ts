import type { BudgetLimits } from './budget-store.ts';

/**
 * What a key may do, checked by the server on every request. Every field is optional: absent
 * means the key adds no limit of that kind (server config and the request may still limit).
 */
export interface KeyPolicy {
  /** Model names as clients send them; absent allows every routed model. */
  allowedModels?: string[];
  maxImagesPerResponse?: number;
  /** Every response makes exactly this many images (≥ 1). */
  exactImages?: number;
  maxCostPerResponseMicros?: number;
  budgets?: BudgetLimits;
  rateLimits?: { requestsPerMinute?: number; imagesPerMinute?: number };
}

export interface ApiKeyRecord {
  /** `key_…`; names the key in ledgers and admin calls, never authenticates. */
  id: string;
  name: string;
  /** The secret's first 12 characters (`ig_live_` + 4), shown so people can tell keys apart. */
  prefix: string;
  /** Keyed hash of the secret (HMAC-SHA-256 with the server's pepper, hex); never sent to clients. */
  hash: string;
  /** Unix milliseconds. */
  createdAt: number;
  /** Unix milliseconds; a revoked key never authenticates again. */
  revokedAt: number | null;
  policy: KeyPolicy;
}

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** `ig_live_…`: shown once, at creation; only its hash is stored. */
  secret: string;
}

/** API keys, stored hashed. Policies are checked on write (unknown fields rejected, so a typo never drops a budget). */
export interface KeyStore {
  createKey(input: { name: string; policy: KeyPolicy }): Promise<CreatedApiKey>;
  /** The active key with this secret; `undefined` for unknown or revoked secrets. */
  findBySecret(secret: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Renames and/or replaces the whole policy; `undefined` when there is no such key. */
  update(id: string, changes: { name?: string; policy?: KeyPolicy }): Promise<ApiKeyRecord | undefined>;
  /** Revokes the key (again: keeps the first `revokedAt`); `undefined` when there is no such key. */
  revoke(id: string): Promise<ApiKeyRecord | undefined>;
  /**
   * How many keys exist, revoked ones included: auth is on once a key was ever created, so
   * revoking the last key locks the server instead of opening it.
   */
  count(): Promise<number>;
}
