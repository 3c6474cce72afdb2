import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type ReadinessCheck, checkReadiness } from '../../observability/readiness.ts';

/**
 * `/health/live`: the process answers (restart it when this fails). `/health/ready`: every part
 * a request needs works (database readable and migrated, blob store usable); 503 names the parts
 * that do not, so a load balancer stops sending traffic and an operator knows where to look.
 */
export function healthRoutes(readiness: readonly ReadinessCheck[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/live', (context) => context.json({ status: 'ok' }));
  app.get('/ready', async (context) => {
    const failing = await checkReadiness(readiness);
    const checks = Object.fromEntries(readiness.map((part) => [part.name, failing.find((failure) => failure.name === part.name)?.error ?? 'ok']));
    if (failing.length === 0) return context.json({ status: 'ready', checks });
    context.header('retry-after', '5');
    return context.json({ status: 'not_ready', failing: failing.map((failure) => failure.name), checks }, 503);
  });
  return app;
}
