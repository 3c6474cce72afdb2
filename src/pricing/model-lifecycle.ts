/**
 * Which models a provider has shut down, from the catalog's `lifecycle` blocks. A model is
 * retired from its `retiredOn` day (00:00 UTC) on; the same name rules as prices apply, so a
 * dated snapshot of a retired model is retired too.
 */
import { findImageModelPrice, findTextModelPrice } from './find-model-price.ts';
import type { PriceCatalog } from './price-catalog.ts';

export interface RetiredModel {
  /** The name as asked for. */
  readonly model: string;
  /** The catalog id that says it is retired. */
  readonly catalogId: string;
  /** `YYYY-MM-DD`. */
  readonly retiredOn: string;
  readonly successor: string | undefined;
  readonly source: string;
}

/** The retirement of `model` if it is retired at `nowMillis`; undefined for live or unknown models. */
export function findRetirement(catalog: PriceCatalog, kind: 'text' | 'image', model: string, nowMillis: number): RetiredModel | undefined {
  const found = kind === 'text' ? findTextModelPrice(catalog, model) : findImageModelPrice(catalog, model);
  const lifecycle = found?.price.lifecycle;
  if (found === undefined || lifecycle === undefined) return undefined;
  if (nowMillis < Date.parse(`${lifecycle.retiredOn}T00:00:00Z`)) return undefined;
  return { model, catalogId: found.id, retiredOn: lifecycle.retiredOn, successor: lifecycle.successor, source: lifecycle.source };
}
