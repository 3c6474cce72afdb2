import { z } from 'zod';

const connection = {
  /** Without a trailing slash; each type has a default. */
  baseURL: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  /** Extra headers sent with every request (e.g. OpenRouter's `HTTP-Referer`). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Per attempt. */
  timeoutMillis: z.number().int().positive().default(120_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  /**
   * Server-side retries of one call never hold the client longer than this, in milliseconds;
   * past it the error (with its Retry-After) goes to the client. Env IMAGEGATE_RETRY_TOTAL_MS.
   */
  retryTotalMillis: z.number().int().min(0).default(20_000),
};

/**
 * What a self-hosted backend costs, so keys with budgets can use it: per image, per second of
 * generation (measured with the server clock, at most `maxSeconds` per image; default the
 * provider's `timeoutMillis`), per token, or explicitly free.
 */
export const configuredPriceSchema = z.union(
  [
    z.object({ usdPerImage: z.number().nonnegative() }).strict(),
    z.object({ usdPerSecond: z.number().nonnegative(), maxSeconds: z.number().positive().optional() }).strict(),
    z.object({ inputUsdPerMillionTokens: z.number().nonnegative(), outputUsdPerMillionTokens: z.number().nonnegative() }).strict(),
    z.object({ free: z.literal(true) }).strict(),
  ],
  { error: 'expected {usdPerImage}, {usdPerSecond, maxSeconds?}, {inputUsdPerMillionTokens, outputUsdPerMillionTokens} or {free: true}' },
);

export type ConfiguredPrice = z.infer<typeof configuredPriceSchema>;

/** One upstream service. The name in `providers` is how routes refer to it. */
export const providerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('openai'), ...connection, organization: z.string().optional() }).strict(),
  z
    .object({
      type: z.literal('openai-compatible'),
      ...connection,
      /** Server flavour: picks defaults (base URL, quirks). */
      preset: z.enum(['openai', 'ollama', 'vllm', 'llamacpp', 'lmstudio', 'openrouter', 'groq']).default('ollama'),
      /** Whether the models take images; text-only models get a short textual stand-in. */
      supportsImageInput: z.boolean().optional(),
      /** Self-hosted presets only: the price of every route to this provider that sets none. */
      price: configuredPriceSchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('anthropic'), ...connection }).strict(),
  z.object({ type: z.literal('gemini'), ...connection }).strict(),
  z.object({ type: z.literal('stability'), ...connection }).strict(),
  z
    .object({
      type: z.literal('comfyui'),
      ...connection,
      /** API-format workflow JSON file; the built-in text-to-image workflow otherwise. */
      workflowFile: z.string().optional(),
      /** Which node inputs receive prompt, size, seed…: `{prompt: ['6', 'text'], …}`. */
      bindings: z.record(z.string(), z.tuple([z.string(), z.string()])).optional(),
      /** The price of every image route to this provider that sets none. */
      price: configuredPriceSchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('a1111'), ...connection, price: configuredPriceSchema.optional() }).strict(),
]);

export type ProviderConfig = z.infer<typeof providerSchema>;

/** A language-model name clients use, routed to a provider's model. */
export const modelRouteSchema = z
  .object({
    /** A name in `providers`, or the built-in `simulator`. */
    provider: z.string().min(1),
    /** The upstream model id; the route's own name when absent. */
    model: z.string().min(1).optional(),
    /** For `openai` providers: the Responses API (default) or Chat Completions. */
    api: z.enum(['responses', 'chat']).optional(),
    /** The image model (a name in `imageModels`) this route's image tool uses. */
    imageModel: z.string().min(1).optional(),
    /** For `openai` Responses routes: forward OpenAI's hosted image tool, limits applied to max_tool_calls. */
    passthrough: z.boolean().default(false),
    /** Self-hosted providers only: per token or free (overrides the provider's `price`). */
    price: configuredPriceSchema.optional(),
  })
  .strict();

/** An image model name, routed to a provider's image model. */
export const imageModelRouteSchema = z
  .object({
    /** A name in `providers`, or the built-in `procedural`. */
    provider: z.string().min(1),
    /** The upstream model or checkpoint; absent: the backend's own default (never the route name for self-hosted backends). */
    model: z.string().min(1).optional(),
    /** Self-hosted providers only: per image, per second or free (overrides the provider's `price`). */
    price: configuredPriceSchema.optional(),
  })
  .strict();

export type ModelRoute = z.infer<typeof modelRouteSchema>;
export type ImageModelRoute = z.infer<typeof imageModelRouteSchema>;

/** Provider types and presets that run on the operator's own hardware, so the operator sets their price. */
export function isSelfHosted(provider: ProviderConfig): boolean {
  if (provider.type === 'comfyui' || provider.type === 'a1111') return true;
  return provider.type === 'openai-compatible' && ['ollama', 'vllm', 'llamacpp', 'lmstudio'].includes(provider.preset);
}

/** Which kind of route a price fits: image routes take per-image, per-second or free; language routes per-token or free. */
export function priceFits(price: ConfiguredPrice, kind: 'image' | 'language'): boolean {
  if ('free' in price) return true;
  return kind === 'image' ? 'usdPerImage' in price || 'usdPerSecond' in price : 'inputUsdPerMillionTokens' in price;
}
