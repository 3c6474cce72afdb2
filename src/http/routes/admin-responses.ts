import { Hono } from 'hono';
import { invalidRequest, notFound } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { requireAdmin } from '../middleware/authenticate.ts';

/**
 * `GET /v1/admin/responses?limit=50`: the newest stored responses of every key, summarised
 * (no images): model, status, images made, calls ignored and why, cost. Admin key only.
 */
export function adminResponsesRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireAdmin);
  app.get('/', async (context) => {
    const limit = Number(context.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalidRequest('limit must be an integer between 1 and 500.', 'limit', 'invalid_value');
    const recent = await services.store.listRecent(limit);
    return context.json({
      object: 'list',
      data: recent.map(({ id, ownerId, createdAt, response }) => {
        const info = response.imagegate;
        return {
          id,
          object: 'imagegate.response_summary',
          key_id: ownerId,
          created_at: createdAt,
          model: response.model ?? null,
          status: response.status,
          images_generated: info?.images_generated ?? 0,
          ignored_tool_calls: info?.ignored_tool_calls ?? [],
          cost_usd: info?.cost?.total_usd ?? null,
        };
      }),
    });
  });

  // One stored response with its images and input items, whichever key made it: the admin
  // page's detail view. The owner is looked up key by key (admin-only, keys are few).
  app.get('/:id', async (context) => {
    const id = context.req.param('id');
    const owners = [null, ...(await services.keys.list()).map((key) => key.id)];
    for (const owner of owners) {
      const record = await services.store.get(id, owner);
      if (record) return context.json({ object: 'imagegate.response_detail', key_id: record.ownerId, response: record.response, input_items: record.inputItems });
    }
    throw notFound(`Response with id '${id}' not found.`, 'response_id', 'response_not_found');
  });
  return app;
}
