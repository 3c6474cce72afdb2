/**
 * Which catalog entry prices a model name: the exact id, an explicit alias, or a dated snapshot of
 * either (`gpt-4.1-2025-04-14` → `gpt-4.1`, `claude-opus-4-1-20250805` → `claude-opus-4-1`).
 * Nothing looser: `gpt-4.1-mini` is never priced as `gpt-4.1`, nor `o3-mini` as `o3`.
 */
import type { PriceCatalog } from './price-catalog.ts';
import type { ImageModelPrice, TextModelPrice } from './price-catalog-schema.ts';

export type ModelMatch = 'exact' | 'alias' | 'snapshot';

export interface FoundModelPrice<Price> {
  /** The catalog id. */
  readonly id: string;
  readonly price: Price;
  readonly matchedBy: ModelMatch;
}

// OpenAI dates snapshots `-YYYY-MM-DD`, Anthropic `-YYYYMMDD`.
const datedSnapshot = /^(.+)-(\d{4}-\d{2}-\d{2}|\d{8})$/;

export function findTextModelPrice(catalog: PriceCatalog, model: string): FoundModelPrice<TextModelPrice> | undefined {
  return findModelPrice(catalog.textModels, catalog.textModelAliases, model);
}

export function findImageModelPrice(catalog: PriceCatalog, model: string): FoundModelPrice<ImageModelPrice> | undefined {
  return findModelPrice(catalog.imageModels, catalog.imageModelAliases, model);
}

/**
 * What each name found, per catalog table (built once at start and never changed): the same few
 * names are looked up several times per request (retirement check, reservation, settlement).
 * Names come from requests, so only the first `MAX_CACHED_NAMES` of a table are kept.
 */
const foundByName = new WeakMap<object, { aliases: object; found: Map<string, FoundModelPrice<unknown> | null> }>();
const MAX_CACHED_NAMES = 1024;

function findModelPrice<Price>(
  entries: Readonly<Record<string, Price>>,
  aliases: Readonly<Record<string, string>>,
  model: string,
): FoundModelPrice<Price> | undefined {
  let table = foundByName.get(entries);
  if (table?.aliases !== aliases) {
    table = { aliases, found: new Map() };
    foundByName.set(entries, table);
  }
  const cached = table.found.get(model);
  if (cached !== undefined) return (cached ?? undefined) as FoundModelPrice<Price> | undefined;
  const found = searchModelPrice(entries, aliases, model);
  if (table.found.size < MAX_CACHED_NAMES) table.found.set(model, found ?? null);
  return found;
}

function searchModelPrice<Price>(
  entries: Readonly<Record<string, Price>>,
  aliases: Readonly<Record<string, string>>,
  model: string,
): FoundModelPrice<Price> | undefined {
  const direct = lookup(entries, aliases, model);
  if (direct !== undefined) return direct;
  const base = datedSnapshot.exec(model)?.[1];
  if (base === undefined) return undefined;
  const undated = lookup(entries, aliases, base);
  return undated === undefined ? undefined : { ...undated, matchedBy: 'snapshot' };
}

function lookup<Price>(
  entries: Readonly<Record<string, Price>>,
  aliases: Readonly<Record<string, string>>,
  name: string,
): FoundModelPrice<Price> | undefined {
  // hasOwn: a model named `constructor` or `__proto__` must not find Object.prototype.
  const exact = Object.hasOwn(entries, name) ? entries[name] : undefined;
  if (exact !== undefined) return { id: name, price: exact, matchedBy: 'exact' };
  const target = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
  const aliased = target !== undefined && Object.hasOwn(entries, target) ? entries[target] : undefined;
  if (target !== undefined && aliased !== undefined) return { id: target, price: aliased, matchedBy: 'alias' };
  return undefined;
}
