import { Hono } from 'hono';
import { compactConversation } from '../../service/compaction/compact-conversation.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { readJsonBody } from '../read-json-body.ts';

/** `POST /v1/responses/compact`: a conversation in, its user messages and one sealed compaction item out. */
export function compactRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', async (context) => {
    const body = await readJsonBody(context);
    const compacted = await compactConversation(
      { body, header: (name) => context.req.header(name), principal: context.get('principal'), abortSignal: context.req.raw.signal },
      services,
    );
    const cost = compacted.imagegate.cost.total_usd;
    if (cost !== null) context.header('x-imagegate-cost-usd', cost.toFixed(6));
    return context.json(compacted);
  });
  return app;
}
