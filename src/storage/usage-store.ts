/**
 * One line of the usage ledger: what one model call (or one image) cost. Money in integer
 * micro-dollars (1e-6 USD), so sums are exact; times in Unix milliseconds.
 */
export interface LedgerEntry {
  /** The API key charged; `null` when the server runs without keys. */
  keyId: string | null;
  responseId: string;
  /** The model as routed (e.g. `gpt-4.1`, `gpt-image-1`). */
  model: string;
  /** `image_partial`: a partial image billed on its own (OpenAI bills partials as output tokens). */
  kind: 'text' | 'image' | 'image_partial';
  inputTokens: number;
  /** Part of `inputTokens` read from the provider's prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
  /** Images delivered. */
  images: number;
  costMicros: number;
  /** How `costMicros` was priced; `unknown` when no price was known (cost 0, still counted). */
  basis: 'tokens' | 'per_image' | 'unknown';
  /** Unix milliseconds; places the entry in budget windows and usage reports. */
  createdAt: number;
}

export type UsageGroupBy = 'day' | 'model' | 'key';

export interface UsageQuery {
  /** One key's usage; `null` is the key-less usage; absent is every key (operators only). */
  keyId?: string | null;
  /** Unix milliseconds, included. */
  from: number;
  /** Unix milliseconds, excluded. */
  to: number;
  /** `day` groups by UTC date. */
  groupBy: UsageGroupBy;
}

/** Sums over ledger entries. */
export interface UsageTotals {
  costMicros: number;
  images: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Ledger entries summed. */
  entries: number;
}

export interface UsageRow extends UsageTotals {
  /** `YYYY-MM-DD` (UTC) for `day`, the model for `model`, the key id (or `null`) for `key`. */
  group: string | null;
}

export interface UsageReport {
  /** Ordered by `group` (`null` first); only groups with entries. */
  rows: UsageRow[];
  /** The sum of `rows`. */
  totals: UsageTotals;
}

/** The ledger: written by budget settlement or directly, read by reports and budgets. */
export interface UsageStore {
  /** Appends entries that no reservation covers (e.g. text tokens of a key without budgets). Throws a TypeError on a malformed entry, writing none. */
  record(entries: readonly LedgerEntry[]): Promise<void>;
  usage(query: UsageQuery): Promise<UsageReport>;
  /** The key's spend in micro-dollars over `[from, to)` (Unix milliseconds). */
  spent(query: { keyId: string; from: number; to: number }): Promise<number>;
}
