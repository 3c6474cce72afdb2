import { type Context, Hono } from 'hono';
import {
  createConversationBodySchema,
  createConversationItemsBodySchema,
  includeQuerySchema,
  listConversationItemsQuerySchema,
  parseConversationWire,
  updateConversationBodySchema,
} from '../../responses/conversations/conversation-wire.ts';
import { conversationService } from '../../service/conversations/manage-conversations.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { readJsonBody } from '../read-json-body.ts';

/** `/v1/conversations` as OpenAI defines it; every conversation belongs to the key that made it. */
export function conversationsRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const conversations = conversationService(services);

  app.post('/', async (context) => {
    // Every field is optional, so an empty body (curl -X POST) is an empty conversation.
    const body = context.req.header('content-length') === '0' ? {} : await readJsonBody(context);
    return context.json(await conversations.create(parseConversationWire(createConversationBodySchema, body), context.get('principal')));
  });

  app.get('/:id', async (context) => context.json(await conversations.retrieve(context.req.param('id'), context.get('principal'))));

  app.post('/:id', async (context) => {
    const { metadata } = parseConversationWire(updateConversationBodySchema, await readJsonBody(context));
    return context.json(await conversations.update(context.req.param('id'), metadata ?? {}, context.get('principal')));
  });

  app.delete('/:id', async (context) => context.json(await conversations.delete(context.req.param('id'), context.get('principal'))));

  app.get('/:id/items', async (context) => {
    const query = parseConversationWire(listConversationItemsQuerySchema, {
      limit: numberOrText(lastQueryValue(context, 'limit')),
      order: lastQueryValue(context, 'order'),
      after: lastQueryValue(context, 'after'),
      include: includeValues(context),
    });
    return context.json(await conversations.listItems(context.req.param('id'), query, context.get('principal')));
  });

  app.post('/:id/items', async (context) => {
    parseConversationWire(includeQuerySchema, { include: includeValues(context) });
    const { items } = parseConversationWire(createConversationItemsBodySchema, await readJsonBody(context));
    return context.json(await conversations.addItems(context.req.param('id'), items, context.get('principal')));
  });

  app.get('/:id/items/:itemId', async (context) => {
    parseConversationWire(includeQuerySchema, { include: includeValues(context) });
    return context.json(await conversations.retrieveItem(context.req.param('id'), context.req.param('itemId'), context.get('principal')));
  });

  app.delete('/:id/items/:itemId', async (context) =>
    context.json(await conversations.deleteItem(context.req.param('id'), context.req.param('itemId'), context.get('principal'))),
  );

  return app;
}

/** `"20"` → 20; anything else stays text, so the 400 says what was sent. */
function numberOrText(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function lastQueryValue(context: Context<AppEnv>, name: string): string | undefined {
  return context.req.queries(name)?.at(-1);
}

/**
 * `include` as OpenAI's SDKs send it (`include[]=a&include[]=b`) or repeated plainly. Every value
 * is checked; imagegate's items always carry their image URLs and outputs, so none changes the answer.
 */
function includeValues(context: Context<AppEnv>): string[] | undefined {
  const values = [...(context.req.queries('include') ?? []), ...(context.req.queries('include[]') ?? [])];
  return values.length === 0 ? undefined : values;
}
