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
    })
    .strict(),
  z.object({ type: z.literal('a1111'), ...connection }).strict(),
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
  })
  .strict();

/** An image model name, routed to a provider's image model. */
export const imageModelRouteSchema = z
  .object({
    /** A name in `providers`, or the built-in `procedural`. */
    provider: z.string().min(1),
    model: z.string().min(1).optional(),
  })
  .strict();

export type ModelRoute = z.infer<typeof modelRouteSchema>;
export type ImageModelRoute = z.infer<typeof imageModelRouteSchema>;
