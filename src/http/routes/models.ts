import { Hono } from 'hono';
import { notFound } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';

export function modelsRoutes(services: Services): Hono {
  const app = new Hono();
  const created = Math.floor(services.now() / 1000);
  const list = () => services.registry.listModels().map((model) => ({ id: model.id, object: 'model' as const, created, owned_by: model.owned_by }));

  app.get('/', (context) => context.json({ object: 'list', data: list() }));
  app.get('/:id', (context) => {
    const model = list().find((entry) => entry.id === context.req.param('id'));
    if (!model) throw notFound(`The model '${context.req.param('id')}' does not exist.`, 'model', 'model_not_found');
    return context.json(model);
  });
  return app;
}
