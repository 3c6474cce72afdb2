import { z } from 'zod';

/** Browser apps on other origins that may call the API (`cors.allowedOrigins`); none by default. */
export const corsSchema = z
  .object({
    /** Exact origins (`https://app.example.com`), or `*` for any. Env IMAGEGATE_CORS_ORIGINS (comma-separated). */
    allowedOrigins: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .default({ allowedOrigins: [] });

/** `GET /metrics` (Prometheus text format). */
export const metricsSchema = z
  .object({
    /** When set, a scrape must send `Authorization: Bearer <token>`. Env IMAGEGATE_METRICS_TOKEN. */
    bearerToken: z.string().min(8).optional(),
  })
  .strict()
  .default({});

/** IMAGEGATE_CORS_ORIGINS and IMAGEGATE_METRICS_TOKEN over the file's `cors` and `metrics`. */
export function applyObservabilityEnv(merged: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const origins = env['IMAGEGATE_CORS_ORIGINS'];
  if (origins) {
    const cors = (merged['cors'] as Record<string, unknown> | undefined) ?? {};
    merged['cors'] = { ...cors, allowedOrigins: origins.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '') };
  }
  const token = env['IMAGEGATE_METRICS_TOKEN'];
  if (token) merged['metrics'] = { ...(merged['metrics'] ?? {}), bearerToken: token };
}
