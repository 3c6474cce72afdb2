import { z } from 'zod';
import { checkConfiguredPrices } from './check-configured-prices.ts';
import { corsSchema, metricsSchema } from './observability-schema.ts';
import { imageModelRouteSchema, modelRouteSchema, providerSchema } from './providers-schema.ts';

/** Server configuration: embedded defaults ← optional file ← env ← CLI flags. */
export const configSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8787),
    /** Holds the SQLite database and the image blobs. */
    dataDir: z.string().default('./data'),
    /** Where state lives when not all under dataDir: shared by every instance of a scale-out. */
    storage: z
      .object({
        /** `postgres://…` (PostgreSQL), or a SQLite file path; default `<dataDir>/imagegate.sqlite`. Env IMAGEGATE_DATABASE_URL. */
        database: z.string().min(1).optional(),
        /** `s3://bucket/prefix` (S3 or S3-compatible; AWS_* variables), or a folder; default `<dataDir>/blobs`. Env IMAGEGATE_BLOB_URL. */
        blobs: z.string().min(1).optional(),
        /** An instance whose lease is not renewed for this long is dead: any live one fails its responses and releases its reservations. */
        leaseMillis: z.number().int().min(1000).default(30_000),
      })
      .strict()
      .default({ leaseMillis: 30_000 }),
    /**
     * On SIGTERM/SIGINT: new connections are refused at once, requests in flight get this long
     * to finish, then are cut off (their work cancelled); what the instance still holds is released.
     */
    shutdownGraceMillis: z.number().int().min(0).default(10_000),
    /** Largest request body accepted, in bytes (images arrive as base64 inside JSON). */
    maxBodyBytes: z.number().int().positive().default(50 * 1024 * 1024),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    limits: z
      .object({
        /** Server-wide cap on images per response; requests and keys can only lower it. */
        maxImagesPerResponse: z.number().int().min(0).optional(),
        /** Server-wide cap on built-in tool calls per response (OpenAI's max_tool_calls). */
        maxToolCallsPerResponse: z.number().int().min(1).optional(),
        /** Hard cap on model steps in one response, whatever the model does. */
        maxModelSteps: z.number().int().min(1).max(100).default(16),
        /** Input images (and masks) larger than this many pixels are refused from their header, before any decode. */
        maxInputImagePixels: z.number().int().positive().default(40_000_000),
        /** Image jobs (renders, edits, decodes of inputs) running at once; more wait in a short queue. */
        maxConcurrentImageJobs: z.number().int().positive().default(8),
        /** Image jobs that may wait for a slot; past this a request is 503 server_is_overloaded. */
        maxQueuedImageJobs: z.number().int().min(0).default(256),
        /** How long a queued image job may wait for a slot before it is 503 server_is_overloaded. */
        imageQueueWaitMillis: z.number().int().min(0).default(30_000),
        /** Request-body bytes read and handled at once; past it a request is 503 server_is_overloaded. */
        maxBodyBytesInFlight: z.number().int().positive().default(512 * 1024 * 1024),
      })
      .strict()
      .default({ maxModelSteps: 16, maxInputImagePixels: 40_000_000, maxConcurrentImageJobs: 8, maxQueuedImageJobs: 256, imageQueueWaitMillis: 30_000, maxBodyBytesInFlight: 512 * 1024 * 1024 }),
    imageUrls: z
      .object({
        /** Allow fetching `input_image` URLs that resolve to private or loopback addresses. */
        allowPrivateAddresses: z.boolean().default(false),
        maxBytes: z.number().int().positive().default(20 * 1024 * 1024),
        timeoutMillis: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ allowPrivateAddresses: false, maxBytes: 20 * 1024 * 1024, timeoutMillis: 10_000 }),
    /** Upstream services by name (env keys such as OPENAI_API_KEY add defaults). */
    providers: z.record(z.string(), providerSchema).default({}),
    /** Language-model names clients may use, routed to providers. */
    models: z.record(z.string(), modelRouteSchema).default({}),
    /** Image-model names (the image tool's `model` field), routed to providers. */
    imageModels: z.record(z.string(), imageModelRouteSchema).default({}),
    /** The image model used when a route names none and the tool's `model` is not routed. */
    defaultImageModel: z.string().optional(),
    /**
     * Model names no route matches: `simulator` answers them (the offline default), `reject`
     * answers 404 model_not_found, or a provider name forwards the name to that provider.
     */
    unknownModels: z.string().default('simulator'),
    /**
     * Requests naming a model its provider has shut down (the catalog's `lifecycle`): `reject`
     * answers 400 naming the successor; `successor` runs the successor and says so in
     * `imagegate.warnings`. Env IMAGEGATE_RETIRED_MODELS.
     */
    retiredModels: z.enum(['reject', 'successor']).default('reject'),
    auth: z
      .object({
        /** Bearer key for the admin API (keys, usage of every key). Env IMAGEGATE_ADMIN_KEY. */
        adminKey: z.string().min(16).optional(),
        /** Secret mixed into API key hashes; generated into dataDir on first start when absent. Env IMAGEGATE_KEY_PEPPER. */
        keyPepper: z.string().min(16).optional(),
      })
      .strict()
      .default({}),
    pricing: z
      .object({
        /** Catalog entries replacing or adding to the shipped price catalog (same shape). */
        overrides: z.record(z.string(), z.unknown()).optional(),
        /**
         * When a budget or cost cap applies: the output bound (reasoning included) of a model step
         * whose request sets no max_output_tokens. It is both reserved and sent upstream.
         */
        assumedMaxOutputTokens: z.number().int().positive().default(4096),
        /**
         * When money left cannot pay for this many output tokens, a step does not start (the
         * response ends `incomplete`). OpenAI's own minimum for max_output_tokens is 16.
         */
        minStepOutputTokens: z.number().int().min(16).default(64),
      })
      .strict()
      .default({ assumedMaxOutputTokens: 4096, minStepOutputTokens: 64 }),
    /** WebSocket mode on `/v1/responses` (Open Responses 2026-04-24). */
    websocket: z
      .object({
        /** A connection is closed after this long (`websocket_connection_limit_reached`); the spec's limit is 60 minutes. */
        maxConnectionMillis: z.number().int().positive().default(60 * 60_000),
        /** `store: false` responses a connection keeps for `previous_response_id`; the least recently used go first. */
        maxCachedResponses: z.number().int().min(1).default(64),
      })
      .strict()
      .default({ maxConnectionMillis: 60 * 60_000, maxCachedResponses: 64 }),
    cors: corsSchema,
    metrics: metricsSchema,
    simulator: z
      .object({
        /**
         * Whether simulator ids resolve without a route. Unset: only with no provider configured
         * or `unknownModels: 'simulator'` (see src/providers/registry/simulator-enabled.ts).
         */
        enabled: z.boolean().optional(),
        /** Pause between streamed tokens, for demos; 0 in tests and benchmarks. */
        tokenDelayMillis: z.number().int().min(0).default(0),
        /** Simulated render time of the procedural image backend per call, for demos. */
        imageDelayMillis: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ tokenDelayMillis: 0, imageDelayMillis: 0 }),
  })
  .strict()
  .superRefine((config, context) => {
    // Routes must name things that exist, so a typo stops startup instead of a request.
    const problem = (path: Array<string | number>, message: string) => context.addIssue({ code: 'custom', path, message });
    const providers = new Set(Object.keys(config.providers));
    for (const [name, route] of Object.entries(config.models)) {
      if (route.provider !== 'simulator' && !providers.has(route.provider)) problem(['models', name, 'provider'], `no provider named '${route.provider}'`);
      if (route.imageModel !== undefined && !config.imageModels[route.imageModel]) problem(['models', name, 'imageModel'], `no image model named '${route.imageModel}'`);
    }
    for (const [name, route] of Object.entries(config.imageModels)) {
      if (route.provider !== 'procedural' && !providers.has(route.provider)) problem(['imageModels', name, 'provider'], `no provider named '${route.provider}'`);
    }
    if (config.defaultImageModel !== undefined && !config.imageModels[config.defaultImageModel]) {
      problem(['defaultImageModel'], `no image model named '${config.defaultImageModel}'`);
    }
    if (!['simulator', 'reject'].includes(config.unknownModels) && !providers.has(config.unknownModels)) {
      problem(['unknownModels'], `must be 'simulator', 'reject' or a provider name`);
    }
    checkConfiguredPrices(config, problem);
  });

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
