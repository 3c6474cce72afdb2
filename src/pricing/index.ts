/** Prices and costs: the catalog (data, overridable), exact money, and pure cost functions. */
export { createPriceCatalog, type PriceCatalog } from './price-catalog.ts';
export { PriceCatalogError } from './price-catalog-error.ts';
export type { ImageModelPrice, ModelLifecycle, PartialCatalog, PriceCatalogData, TextModelPrice } from './price-catalog-schema.ts';
export { findRetirement, type RetiredModel } from './model-lifecycle.ts';
export { findImageModelPrice, findTextModelPrice, type FoundModelPrice, type ModelMatch } from './find-model-price.ts';
export { estimateMaxTextCost, textCost, type TextCostEstimateRequest, type TextCostRequest } from './text-cost.ts';
export { estimateMaxImageCost, imageCost, type ImageCostEstimateRequest, type ImageCostRequest, type ImageTokenUsage } from './image-cost.ts';
export {
  totalCost,
  type CostBasis,
  type CostLine,
  type CostLineItem,
  type CostResult,
  type CostTotal,
  type KnownCost,
  type UnknownCost,
  type UnknownCostReason,
} from './cost-result.ts';
export {
  Money,
  addMoney,
  compareMoney,
  formatUsd,
  multiplyMoney,
  roundToMicroUsd,
  sumMoney,
  toExactUsdString,
  toUsdNumber,
  usd,
  zeroUsd,
} from './money.ts';
