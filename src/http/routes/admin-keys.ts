import { Hono } from 'hono';
import { notFound } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { requireAdmin } from '../middleware/authenticate.ts';
import { parseWire } from '../parse-wire.ts';
import { readJsonBody } from '../read-json-body.ts';
import { createKeyWireSchema, keyToWire, policyFromWire, updateKeyWireSchema } from './admin-keys-wire.ts';

/** `/v1/admin/keys`: create (secret shown once), list, read, update, revoke. Admin key only. */
export function adminKeysRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireAdmin);

  app.post('/', async (context) => {
    const input = parseWire(createKeyWireSchema, await readJsonBody(context));
    const created = await services.keys.createKey({ name: input.name, policy: policyFromWire(input.policy) });
    services.logger.info({ requestId: context.get('requestId'), keyId: created.record.id, prefix: created.record.prefix }, 'api key created');
    return context.json(keyToWire(created.record, created.secret), 201);
  });

  app.get('/', async (context) => context.json({ object: 'list', data: (await services.keys.list()).map((record) => keyToWire(record)) }));

  app.get('/:id', async (context) => {
    const record = await services.keys.get(context.req.param('id'));
    if (!record) throw keyNotFound(context.req.param('id'));
    return context.json(keyToWire(record));
  });

  app.patch('/:id', async (context) => {
    const input = parseWire(updateKeyWireSchema, await readJsonBody(context));
    const record = await services.keys.update(context.req.param('id'), {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.policy === undefined ? {} : { policy: policyFromWire(input.policy) }),
    });
    if (!record) throw keyNotFound(context.req.param('id'));
    return context.json(keyToWire(record));
  });

  app.delete('/:id', async (context) => {
    const record = await services.keys.revoke(context.req.param('id'));
    if (!record) throw keyNotFound(context.req.param('id'));
    services.logger.info({ requestId: context.get('requestId'), keyId: record.id }, 'api key revoked');
    return context.json(keyToWire(record));
  });

  return app;
}

function keyNotFound(id: string) {
  return notFound(`No API key with id '${id}'.`, 'key_id', 'key_not_found');
}
