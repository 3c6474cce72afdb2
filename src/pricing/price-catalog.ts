/**
 * The price catalog: the data shipped in `catalog/price-catalog.json`, validated at load, with
 * config overrides merged over it and validated the same way.
 */
import type { z } from 'zod';
import shippedCatalogJson from './catalog/price-catalog.json' with { type: 'json' };
import { PriceCatalogError } from './price-catalog-error.ts';
import {
  partialPriceCatalogSchema,
  priceCatalogSchema,
  type ImageModelPrice,
  type PartialCatalog,
  type PriceCatalogData,
  type TextModelPrice,
} from './price-catalog-schema.ts';

/** A validated, frozen catalog. Build one with `createPriceCatalog`. */
export type PriceCatalog = PriceCatalogData;

let shipped: PriceCatalog | undefined;

/**
 * The shipped catalog, or the shipped catalog with `overrides` merged over it: an override entry
 * replaces the shipped entry of the same id whole, `null` removes one (that model becomes
 * unknown, and shipped aliases to it go with it). Throws `PriceCatalogError` naming every bad field.
 */
export function createPriceCatalog(overrides?: PartialCatalog): PriceCatalog {
  shipped ??= validate(priceCatalogSchema, shippedCatalogJson, 'Invalid shipped price catalog (src/pricing/catalog/price-catalog.json)');
  if (overrides === undefined) return shipped;
  const changes = validate(partialPriceCatalogSchema, overrides, 'Invalid price catalog override');
  const textModels = applyEntries(shipped.textModels, changes.textModels);
  const imageModels = applyEntries(shipped.imageModels, changes.imageModels);
  const merged = {
    ...shipped,
    asOf: changes.asOf ?? shipped.asOf,
    partialImageOutputTokens: changes.partialImageOutputTokens ?? shipped.partialImageOutputTokens,
    textModels,
    imageModels,
    textModelAliases: applyAliases(shipped.textModelAliases, textModels, changes.textModelAliases),
    imageModelAliases: applyAliases(shipped.imageModelAliases, imageModels, changes.imageModelAliases),
  };
  return validate(priceCatalogSchema, merged, 'Invalid price catalog after merging overrides');
}

function applyEntries<Entry>(
  base: Readonly<Record<string, Entry>>,
  changes: Readonly<Record<string, Entry | null>> | undefined,
): Record<string, Entry> {
  const result: Record<string, Entry> = { ...base };
  for (const [id, entry] of Object.entries(changes ?? {})) {
    if (entry === null) delete result[id];
    else result[id] = entry;
  }
  return result;
}

function applyAliases(
  base: Readonly<Record<string, string>>,
  models: Readonly<Record<string, TextModelPrice | ImageModelPrice>>,
  changes: Readonly<Record<string, string | null>> | undefined,
): Record<string, string> {
  // Shipped aliases follow their target out when an override removes it; the override's own
  // aliases must resolve, and the final validation says so if they do not.
  const result: Record<string, string> = {};
  for (const [alias, target] of Object.entries(base)) if (Object.hasOwn(models, target)) result[alias] = target;
  for (const [alias, target] of Object.entries(changes ?? {})) {
    if (target === null) delete result[alias];
    else result[alias] = target;
  }
  return result;
}

function validate<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return deepFreeze(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  throw new PriceCatalogError(`${what}: ${summary}`, issues, { cause: parsed.error });
}

function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
