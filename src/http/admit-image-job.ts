import type { Context } from 'hono';
import type { ReleaseImageJob } from '../policy/image-job-gate.ts';
import type { Services } from '../service/services.ts';

/**
 * Takes an image-work slot for this request, or throws 503 `server_is_overloaded`; the one
 * error handler writes its envelope and `Retry-After`.
 */
export function admitImageJob(context: Context, services: Services): Promise<ReleaseImageJob> {
  return services.imageJobs.acquire(context.req.raw.signal);
}
