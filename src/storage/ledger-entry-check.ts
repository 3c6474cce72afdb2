import type { LedgerEntry } from './usage-store.ts';
import { assertWholeNumber } from './whole-number.ts';

const kinds: readonly string[] = ['text', 'image', 'image_partial'] satisfies LedgerEntry['kind'][];
const bases: readonly string[] = ['tokens', 'per_image', 'unknown'] satisfies LedgerEntry['basis'][];
const countFields = ['inputTokens', 'cachedInputTokens', 'outputTokens', 'images', 'costMicros', 'createdAt'] as const;

/** Throws a TypeError naming the first bad field of `entries[index]`; money, counts and times are whole numbers ≥ 0. */
export function assertLedgerEntries(entries: readonly LedgerEntry[]): void {
  // Callers may pass anything at run time; the check reads it as unknown, not as Array.isArray's any[].
  const list: unknown = entries;
  if (!Array.isArray(list)) throw new TypeError('entries must be an array');
  entries.forEach((entry, index) => {
    const name = `entries[${index}]`;
    if (entry.keyId !== null && (typeof entry.keyId !== 'string' || entry.keyId === '')) throw new TypeError(`${name}.keyId must be a key id or null`);
    if (typeof entry.responseId !== 'string' || entry.responseId === '') throw new TypeError(`${name}.responseId must be a response id`);
    if (typeof entry.model !== 'string') throw new TypeError(`${name}.model must be a string`);
    if (!kinds.includes(entry.kind)) throw new TypeError(`${name}.kind must be one of ${kinds.join(', ')}`);
    if (!bases.includes(entry.basis)) throw new TypeError(`${name}.basis must be one of ${bases.join(', ')}`);
    for (const field of countFields) assertWholeNumber(entry[field], `${name}.${field}`);
    if (entry.cachedInputTokens > entry.inputTokens) throw new TypeError(`${name}.cachedInputTokens exceeds inputTokens`);
  });
}
