import { z } from 'zod';

/** Server configuration: embedded defaults ← optional file ← env ← CLI flags. */
export const configSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8787),
    /** Holds the SQLite database and the image blobs. */
    dataDir: z.string().default('./data'),
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
      })
      .strict()
      .default({ maxModelSteps: 16 }),
    imageUrls: z
      .object({
        /** Allow fetching `input_image` URLs that resolve to private or loopback addresses. */
        allowPrivateAddresses: z.boolean().default(false),
        maxBytes: z.number().int().positive().default(20 * 1024 * 1024),
        timeoutMillis: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ allowPrivateAddresses: false, maxBytes: 20 * 1024 * 1024, timeoutMillis: 10_000 }),
    models: z
      .object({
        /** Model name → simulator model id (more providers arrive with their adapters). */
        aliases: z.record(z.string(), z.string()).default({}),
        /** With no provider configured, unknown model names answer from the simulator. */
        unknownModels: z.enum(['simulator', 'reject']).default('simulator'),
      })
      .strict()
      .default({ aliases: {}, unknownModels: 'simulator' }),
    simulator: z
      .object({
        /** Pause between streamed tokens, for demos; 0 in tests and benchmarks. */
        tokenDelayMillis: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ tokenDelayMillis: 0 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
