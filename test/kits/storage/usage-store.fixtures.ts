import type { LedgerEntry } from '../../../src/storage/usage-store.ts';

/** An image ledger entry; override what the test is about. */
export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    keyId: 'key_a',
    responseId: 'resp_1',
    model: 'gpt-image-1',
    kind: 'image',
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    images: 1,
    costMicros: 40_000,
    basis: 'per_image',
    createdAt: Date.parse('2025-05-01T12:00:00Z'),
    ...overrides,
  };
}
