import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { invalidRequest, notFound } from '../../errors/api-error.ts';
import { type AnyResponseEvent, admitResponse } from '../../service/admit-response.ts';
import { cancelResponse } from '../../service/background/cancel-response.ts';
import { isActiveStatus } from '../../service/background/response-lifecycle.ts';
import { countInputTokens } from '../../service/count-input-tokens.ts';
import { estimateResponse } from '../../service/estimate-response.ts';
import { prepareResponse } from '../../service/prepare-response.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { toApiError } from '../error-handler.ts';
import { imageJsonResponse } from '../image-json.ts';
import { readJsonBody } from '../read-json-body.ts';
import { requestAbortSignal } from '../request-abort-signal.ts';
import { sseErrorEvent } from '../sse-error-event.ts';
import { createSseChannel, sendHeadersWithFirstEvents } from '../sse.ts';
import { answerBackground, resumeStream } from './background-responses.ts';

export function responsesRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (context) => {
    const body = await readJsonBody(context);
    const signal = requestAbortSignal(context);
    const admitted = await admitResponse({ body, header: (name) => context.req.header(name), principal: context.get('principal'), abortSignal: signal }, services);
    if (admitted.prepared.request.background === true) return answerBackground(admitted, services, signal);
    if (admitted.prepared.request.stream !== true) {
      const response = await admitted.run(undefined, signal);
      context.get('observation').responseFinished(response);
      const cost = response.imagegate?.cost?.total_usd;
      return imageJsonResponse(context, response, cost !== undefined && cost !== null ? { 'x-imagegate-cost-usd': cost.toFixed(6) } : {});
    }
    // Aborted when the client is gone: the stream was cancelled or the socket closed.
    const channel = createSseChannel(signal);
    const abortSignal = channel.signal;
    // The error event, if one is needed, follows the last event sent in sequence.
    let nextSequence = 0;
    const send = (event: AnyResponseEvent) => {
      const sequence = event.sequence_number;
      if (typeof sequence === 'number') nextSequence = sequence + 1;
      (channel.send as (event: object) => void)(event);
      return channel.backlog();
    };
    void admitted
      .run(send, abortSignal)
      .then((response) => context.get('observation').responseFinished(response))
      .catch((error: unknown) => {
        services.logger.error({ err: error, requestId: context.get('requestId') }, 'streamed response failed');
        channel.send(sseErrorEvent(toApiError(error), nextSequence));
      })
      .finally(() => channel.close());
    sendHeadersWithFirstEvents((context.env as Partial<HttpBindings> | undefined)?.outgoing);
    return new Response(channel.stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
    });
  });

  // Our extension: what a request would cost at most, without running it.
  app.post('/estimate', async (context) => {
    const body = await readJsonBody(context);
    const prepared = await prepareResponse(body, (name) => context.req.header(name), services, context.get('principal'), context.req.raw.signal);
    return context.json(estimateResponse(prepared, services));
  });

  // OpenAI's token count: what the first model step would read, nothing run, stored or charged.
  app.post('/input_tokens', async (context) => {
    const body = await readJsonBody(context);
    return context.json(await countInputTokens(body, (name) => context.req.header(name), services, context.get('principal'), context.req.raw.signal));
  });

  app.get('/:id', async (context) => {
    const record = await services.store.get(context.req.param('id'), context.get('principal').keyId);
    if (!record) throw responseNotFound(context.req.param('id'));
    if (context.req.query('stream') === 'true') return resumeStream(record, context.req.query('starting_after'), services, context.req.raw.signal);
    return context.json(record.response);
  });

  app.post('/:id/cancel', async (context) => {
    const record = await services.store.get(context.req.param('id'), context.get('principal').keyId);
    if (!record) throw responseNotFound(context.req.param('id'));
    return context.json(await cancelResponse(record, services));
  });

  app.delete('/:id', async (context) => {
    const id = context.req.param('id');
    const ownerId = context.get('principal').keyId;
    // A background run still going would store its end again after the delete: it stops first.
    const record = await services.store.get(id, ownerId);
    if (record?.response['background'] === true && isActiveStatus(record.response.status)) await cancelResponse(record, services);
    if (!(await services.store.delete(id, ownerId))) throw responseNotFound(id);
    await services.responseEvents.forget(id);
    return context.json({ id, object: 'response', deleted: true });
  });

  app.get('/:id/input_items', async (context) => {
    const id = context.req.param('id');
    const limit = Number(context.req.query('limit') ?? 20);
    const order = context.req.query('order') === 'asc' ? 'asc' : 'desc';
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidRequest('limit must be an integer between 1 and 100.', 'limit', 'invalid_value');
    }
    const page = await services.store.listInputItems(id, context.get('principal').keyId, {
      limit,
      order,
      after: context.req.query('after'),
      before: context.req.query('before'),
    });
    if (!page) throw responseNotFound(id);
    return context.json({
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    });
  });

  return app;
}

function responseNotFound(id: string) {
  return notFound(`Response with id '${id}' not found.`, 'response_id', 'response_not_found');
}
