import type { Context } from 'hono';
import { type ReleaseImageJob, ServerOverloadedError } from '../policy/image-job-gate.ts';
import type { Services } from '../service/services.ts';

/**
 * Takes an image-work slot for this request, or answers 503 `server_is_overloaded` with a
 * `Retry-After` header (set here; the one error handler writes the envelope).
 */
export async function admitImageJob(context: Context, services: Services): Promise<ReleaseImageJob> {
  try {
    return await services.imageJobs.acquire(context.req.raw.signal);
  } catch (error) {
    if (error instanceof ServerOverloadedError) context.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}
