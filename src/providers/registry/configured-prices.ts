/**
 * Prices the operator set in config for self-hosted backends (`price` on a provider or route),
 * as price-catalog entries for the model ids those routes report, so the one pricing path
 * (catalog → SpendGuard) charges them like any hosted model.
 */
import { ConfigError } from '../../config/load-config.ts';
import type { Config } from '../../config/config-schema.ts';
import { type ConfiguredPrice, isSelfHosted } from '../../config/providers-schema.ts';
import { createPriceCatalog, findImageModelPrice, findTextModelPrice, type PartialCatalog } from '../../pricing/index.ts';

type TextEntry = NonNullable<NonNullable<PartialCatalog['textModels']>[string]>;
type ImageEntry = NonNullable<NonNullable<PartialCatalog['imageModels']>[string]>;

export interface ConfiguredPrices {
  textModels: Record<string, TextEntry>;
  imageModels: Record<string, ImageEntry>;
}

/** Config routes with a price, and the model id each reports (`imageModelId` instantiates the route's adapter). */
export function configuredPrices(config: Config, imageModelId: (routeName: string) => string): ConfiguredPrices {
  const result: ConfiguredPrices = { textModels: {}, imageModels: {} };
  const shipped = createPriceCatalog();
  const fingerprints = new Map<string, string>();
  for (const [name, route] of Object.entries(config.imageModels)) {
    const provider = config.providers[route.provider];
    const price = provider && isSelfHosted(provider) ? (route.price ?? ('price' in provider ? provider.price : undefined)) : undefined;
    if (provider === undefined || price === undefined) continue;
    const id = imageModelId(name);
    if (findImageModelPrice(shipped, id) !== undefined) throw new ConfigError(`imageModels.${name}.price: the model id '${id}' already has a catalog price; name another model or price it under pricing.overrides`);
    add(result.imageModels, fingerprints, id, imageEntry(price, `imageModels.${name}`, provider.timeoutMillis), { ...price, timeoutMillis: provider.timeoutMillis }, `imageModels.${name}`);
  }
  const textFingerprints = new Map<string, string>();
  for (const [name, route] of Object.entries(config.models)) {
    const provider = config.providers[route.provider];
    const price = provider && isSelfHosted(provider) ? (route.price ?? ('price' in provider ? provider.price : undefined)) : undefined;
    if (provider === undefined || price === undefined) continue;
    const id = route.model ?? name;
    if (findTextModelPrice(shipped, id) !== undefined) throw new ConfigError(`models.${name}.price: the model id '${id}' already has a catalog price; price it under pricing.overrides`);
    add(result.textModels, textFingerprints, id, textEntry(price, `models.${name}`), price, `models.${name}`);
  }
  return result;
}

/** The config's own overrides with the configured prices added; one id priced twice is a config error. */
export function withConfiguredPrices(overrides: PartialCatalog | undefined, configured: ConfiguredPrices): PartialCatalog | undefined {
  if (Object.keys(configured.textModels).length === 0 && Object.keys(configured.imageModels).length === 0) return overrides;
  for (const kind of ['textModels', 'imageModels'] as const) {
    for (const id of Object.keys(configured[kind])) {
      if (overrides?.[kind] && Object.hasOwn(overrides[kind], id)) throw new ConfigError(`pricing.overrides.${kind}.${id}: also priced by a route's price; keep one`);
    }
  }
  return {
    ...overrides,
    textModels: { ...overrides?.textModels, ...configured.textModels },
    imageModels: { ...overrides?.imageModels, ...configured.imageModels },
  };
}

function add<Entry>(into: Record<string, Entry>, fingerprints: Map<string, string>, id: string, entry: Entry, price: object, where: string): void {
  const fingerprint = JSON.stringify(price);
  const known = fingerprints.get(id);
  if (known !== undefined && known !== fingerprint) throw new ConfigError(`${where}.price: another route reports the same model id '${id}' with a different price`);
  fingerprints.set(id, fingerprint);
  into[id] ??= entry;
}

function source(where: string): string {
  return `configured by the operator (${where}.price)`;
}

function imageEntry(price: ConfiguredPrice, where: string, timeoutMillis: number): ImageEntry {
  if ('usdPerSecond' in price) {
    const maxSeconds = price.maxSeconds ?? timeoutMillis / 1000;
    return { perImage: null, tokenPrices: null, perSecond: { usd: price.usdPerSecond, maxSeconds, source: source(where), confirmed: true } };
  }
  const usd = 'usdPerImage' in price ? price.usdPerImage : 0;
  return {
    perImage: { usd: { standard: { '1024x1024': usd } }, source: source(where), confirmed: true },
    qualityAliases: { low: 'standard', medium: 'standard', high: 'standard' },
    tokenPrices: null,
    customSizes: 'flat',
  };
}

function textEntry(price: ConfiguredPrice, where: string): TextEntry {
  const rates = 'inputUsdPerMillionTokens' in price ? price : { inputUsdPerMillionTokens: 0, outputUsdPerMillionTokens: 0 };
  return {
    inputUsdPerMillionTokens: rates.inputUsdPerMillionTokens,
    cachedInputUsdPerMillionTokens: null,
    outputUsdPerMillionTokens: rates.outputUsdPerMillionTokens,
    source: source(where),
    confirmed: true,
  };
}
