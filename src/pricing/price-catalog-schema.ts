/**
 * The price catalog as data: the shape of `catalog/price-catalog.json` and of the overrides a
 * config file may give. Every price block carries its `source` and whether it was `confirmed`
 * against an official page, so a reported cost can say how much to trust it.
 */
import { z } from 'zod';
import { scaleDecimal } from './money.ts';

/** Per 1M tokens, at most 6 decimals: one token is then a whole number of pico-dollars. */
const usdPerMillionTokens = z
  .number()
  .nonnegative()
  .refine((value) => scaleDecimal(value, 6) !== undefined, 'at most 6 decimals per 1M tokens');

/** Per image, at most 12 decimals (whole pico-dollars). */
const usdPerImage = z
  .number()
  .nonnegative()
  .refine((value) => scaleDecimal(value, 12) !== undefined, 'at most 12 decimals');

/** `WIDTHxHEIGHT` in pixels. */
export const imageSizePattern = /^([1-9]\d*)x([1-9]\d*)$/;
const imageSize = z.string().regex(imageSizePattern, 'a size like 1024x1536');

const provenance = {
  /** URL or reference name the figures come from. */
  source: z.string().min(1),
  /** Checked against an official provider page; false for third-party copies and nominal prices. */
  confirmed: z.boolean(),
};

/**
 * When a provider shuts a model down and what replaces it. A model is retired from `retiredOn`
 * (UTC day) on: requests naming it are refused or moved to `successor` (config `retiredModels`).
 */
const lifecycleSchema = z.strictObject({
  /** The shutdown date, `YYYY-MM-DD`. */
  retiredOn: z.iso.date(),
  /** The catalog id (same table) that takes its requests. */
  successor: z.string().min(1).optional(),
  /** Where the date and successor come from. */
  source: z.string().min(1),
});

const textRates = {
  inputUsdPerMillionTokens: usdPerMillionTokens,
  /** null: the source gives no cached rate; cached tokens are then priced at the input rate. */
  cachedInputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  /** Providers that bill prompt-cache writes above the input rate (Anthropic, 5-minute cache). */
  cacheWriteInputUsdPerMillionTokens: usdPerMillionTokens.optional(),
  outputUsdPerMillionTokens: usdPerMillionTokens,
  /** Native-image chat models (Gemini …-image): output tokens that are drawn images, billed apart. */
  imageOutputUsdPerMillionTokens: usdPerMillionTokens.optional(),
};

export const textModelPriceSchema = z.strictObject({
  ...textRates,
  /** Rates for the whole request once its input exceeds `aboveInputTokens`. */
  longContext: z.strictObject({ aboveInputTokens: z.number().int().positive(), ...textRates }).optional(),
  /** Made-up prices for offline backends, so budgets can be tried without a provider. */
  nominal: z.boolean().default(false),
  ...provenance,
  lifecycle: lifecycleSchema.optional(),
  note: z.string().optional(),
});

const tokenPricesSchema = z.strictObject({
  textInputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  textCachedInputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  textOutputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  imageInputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  imageCachedInputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  imageOutputUsdPerMillionTokens: usdPerMillionTokens.nullable(),
  ...provenance,
});

export const imageModelPriceSchema = z
  .strictObject({
    /** Output price of one image, by quality, then by size. */
    perImage: z.strictObject({ usd: z.record(z.string(), z.record(imageSize, usdPerImage)), ...provenance }).nullable(),
    /** Qualities as the request or backend names them → the `perImage` key that prices them. */
    qualityAliases: z.record(z.string(), z.string()).default({}),
    /** Image output tokens one image takes, by quality, then by size. */
    outputTokensPerImage: z
      .strictObject({ tokens: z.record(z.string(), z.record(imageSize, z.number().int().nonnegative())), ...provenance })
      .nullable()
      .default(null),
    /** Token prices; null for models billed per image only (their input is not billed apart). */
    tokenPrices: tokenPricesSchema.nullable(),
    /**
     * Sizes missing from `perImage`: left unpriced, scaled by pixel area (see image-size-price.ts),
     * or `flat`: every size costs the dearest listed price of its quality (Imagen, Stability, Gemini).
     */
    customSizes: z.enum(['unpriced', 'scaleByArea', 'flat']).default('unpriced'),
    /**
     * Billed by generation time instead (self-hosted backends priced in config): seconds measured
     * with the server clock, at most `maxSeconds` per image, which is also what a reservation holds.
     */
    perSecond: z
      .strictObject({ usd: usdPerImage, maxSeconds: z.number().positive(), ...provenance })
      .nullable()
      .default(null),
    nominal: z.boolean().default(false),
    lifecycle: lifecycleSchema.optional(),
    note: z.string().optional(),
  })
  .superRefine((entry, context) => {
    for (const [alias, target] of Object.entries(entry.qualityAliases)) {
      if (entry.perImage === null || entry.perImage.usd[target] === undefined) {
        context.addIssue({ code: 'custom', path: ['qualityAliases', alias], message: `no perImage quality '${target}'` });
      }
    }
  });

const partialImageSchema = z.strictObject({ tokensPerPartialImage: z.number().int().nonnegative(), ...provenance });
const aliases = z.record(z.string().min(1), z.string().min(1));

export const priceCatalogSchema = z
  .strictObject({
    /** Date the figures were last checked, `YYYY-MM-DD`. */
    asOf: z.iso.date(),
    currency: z.literal('USD'),
    notes: z.array(z.string()).optional(),
    /** "each partial image will incur an additional 100 image output tokens". */
    partialImageOutputTokens: partialImageSchema,
    textModels: z.record(z.string().min(1), textModelPriceSchema),
    imageModels: z.record(z.string().min(1), imageModelPriceSchema),
    /** Other names for a catalog id; exact, never a pattern. */
    textModelAliases: aliases,
    imageModelAliases: aliases,
  })
  .superRefine((catalog, context) => {
    const check = (kind: 'textModelAliases' | 'imageModelAliases', ids: Record<string, unknown>): void => {
      for (const [alias, target] of Object.entries(catalog[kind])) {
        if (ids[target] === undefined) context.addIssue({ code: 'custom', path: [kind, alias], message: `no model '${target}'` });
      }
    };
    check('textModelAliases', catalog.textModels);
    check('imageModelAliases', catalog.imageModels);
    for (const kind of ['textModels', 'imageModels'] as const) {
      const models: Record<string, { lifecycle?: { successor?: string | undefined } | undefined }> = catalog[kind];
      for (const [id, entry] of Object.entries(models)) {
        const successor = entry.lifecycle?.successor;
        if (successor !== undefined && !Object.hasOwn(catalog[kind], successor)) {
          context.addIssue({ code: 'custom', path: [kind, id, 'lifecycle', 'successor'], message: `no model '${successor}'` });
        }
      }
    }
  });

/**
 * Overrides from config, merged over the shipped catalog: an entry replaces the shipped entry of
 * the same id whole (it must be complete), `null` removes one, so that model becomes unknown.
 */
export const partialPriceCatalogSchema = z.strictObject({
  asOf: z.iso.date().optional(),
  partialImageOutputTokens: partialImageSchema.optional(),
  textModels: z.record(z.string().min(1), textModelPriceSchema.nullable()).optional(),
  imageModels: z.record(z.string().min(1), imageModelPriceSchema.nullable()).optional(),
  textModelAliases: z.record(z.string().min(1), z.string().min(1).nullable()).optional(),
  imageModelAliases: z.record(z.string().min(1), z.string().min(1).nullable()).optional(),
});

export type PriceCatalogData = z.output<typeof priceCatalogSchema>;
export type TextModelPrice = z.output<typeof textModelPriceSchema>;
export type ImageModelPrice = z.output<typeof imageModelPriceSchema>;
export type ImageTokenPrices = z.output<typeof tokenPricesSchema>;
export type ModelLifecycle = z.output<typeof lifecycleSchema>;
/** What a config file may give `createPriceCatalog` (defaults may be left out). */
export type PartialCatalog = z.input<typeof partialPriceCatalogSchema>;
