import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { requireAdmin } from '../middleware/authenticate.ts';
import type { Services } from '../../service/services.ts';

/** `GET /v1/admin/stats`: the admin page's live panel (last hour of this instance). */
export function adminStatsRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireAdmin);
  app.get('/', (context) => context.json({ object: 'imagegate.live_stats', ...services.telemetry.live.snapshot() }));
  return app;
}
