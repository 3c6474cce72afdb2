import type { z } from 'zod';
import type { imageModelRouteSchema, modelRouteSchema, providerSchema } from './providers-schema.ts';
import { isSelfHosted, priceFits } from './providers-schema.ts';

interface PricedConfig {
  providers: Record<string, z.output<typeof providerSchema>>;
  models: Record<string, z.output<typeof modelRouteSchema>>;
  imageModels: Record<string, z.output<typeof imageModelRouteSchema>>;
}

type Problem = (path: Array<string | number>, message: string) => void;

/**
 * Prices in config are for the operator's own backends: hosted models are priced by the catalog
 * (`pricing.overrides`), and an image price on a language route (or the reverse) is a mistake.
 */
export function checkConfiguredPrices(config: PricedConfig, problem: Problem): void {
  for (const [name, provider] of Object.entries(config.providers)) {
    if (!('price' in provider) || provider.price === undefined) continue;
    if (!isSelfHosted(provider)) problem(['providers', name, 'price'], 'prices in config are for self-hosted providers; price hosted models under pricing.overrides');
    else if (!priceFits(provider.price, provider.type === 'openai-compatible' ? 'language' : 'image')) {
      problem(['providers', name, 'price'], provider.type === 'openai-compatible' ? 'a language-model provider takes {inputUsdPerMillionTokens, outputUsdPerMillionTokens} or {free: true}' : 'an image provider takes {usdPerImage}, {usdPerSecond} or {free: true}');
    }
  }
  const routes = [
    ['models', config.models, 'language'],
    ['imageModels', config.imageModels, 'image'],
  ] as const;
  for (const [table, entries, kind] of routes) {
    for (const [name, route] of Object.entries(entries)) {
      if (route.price === undefined) continue;
      const provider = config.providers[route.provider];
      if (provider === undefined || !isSelfHosted(provider)) {
        problem([table, name, 'price'], 'prices in config are for routes to self-hosted providers; price hosted models under pricing.overrides');
      } else if (!priceFits(route.price, kind)) {
        problem([table, name, 'price'], kind === 'language' ? 'a language route takes {inputUsdPerMillionTokens, outputUsdPerMillionTokens} or {free: true}' : 'an image route takes {usdPerImage}, {usdPerSecond} or {free: true}');
      }
    }
  }
}
