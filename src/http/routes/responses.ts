import { Hono } from 'hono';
import { invalidRequest, notFound } from '../../errors/api-error.ts';
import { estimateResponse } from '../../service/estimate-response.ts';
import { preflightSpend } from '../../service/preflight-spend.ts';
import { prepareResponse } from '../../service/prepare-response.ts';
import { runPassthroughResponse } from '../../service/run-passthrough-response.ts';
import { runResponse } from '../../service/run-response.ts';
import type { Principal, Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { admitImageJob } from '../admit-image-job.ts';
import { toApiError } from '../error-handler.ts';
import { readJsonBody } from '../read-json-body.ts';
import { sseErrorEvent } from '../sse-error-event.ts';
import { createSseChannel } from '../sse.ts';

export function responsesRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (context) => {
    const principal = context.get('principal');
    const body = await readJsonBody(context);
    const unprepared = await prepareResponse(body, (name) => context.req.header(name), services, principal, context.req.raw.signal);
    // Image work is admitted (or 503) before anything is reserved; text-only responses skip the gate.
    const release = unprepared.imageToolWire === undefined ? () => undefined : await admitImageJob(context, services);
    let prepared: Awaited<ReturnType<typeof preflightSpend>>;
    try {
      prepared = await preflightSpend(unprepared, services);
    } catch (error) {
      release();
      throw error;
    }
    const run = prepared.languageModel.passthrough ? runPassthroughResponse : runResponse;
    if (prepared.request.stream !== true) {
      try {
        const response = await run(prepared, services, undefined, context.req.raw.signal);
        await countImages(services, principal, response);
        context.get('observation').responseFinished(response);
        const cost = response.imagegate?.cost?.total_usd;
        if (cost !== undefined && cost !== null) context.header('x-imagegate-cost-usd', cost.toFixed(6));
        return context.json(response);
      } finally {
        release();
      }
    }
    const channel = createSseChannel();
    // Either signal means the client is gone: the stream was cancelled or the socket closed.
    const abortSignal = AbortSignal.any([channel.signal, context.req.raw.signal]);
    // The error event, if one is needed, follows the last event sent in sequence.
    let nextSequence = 0;
    const send = (event: object) => {
      const sequence = (event as { sequence_number?: unknown }).sequence_number;
      if (typeof sequence === 'number') nextSequence = sequence + 1;
      (channel.send as (event: object) => void)(event);
    };
    void run(prepared, services, send, abortSignal)
      .then(async (response) => {
        await countImages(services, principal, response);
        context.get('observation').responseFinished(response);
      })
      .catch((error: unknown) => {
        services.logger.error({ err: error, requestId: context.get('requestId') }, 'streamed response failed');
        channel.send(sseErrorEvent(toApiError(error), nextSequence));
      })
      .finally(() => {
        release();
        channel.close();
      });
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

  app.get('/:id', async (context) => {
    const record = await services.store.get(context.req.param('id'), context.get('principal').keyId);
    if (!record) throw responseNotFound(context.req.param('id'));
    return context.json(record.response);
  });

  app.delete('/:id', async (context) => {
    const id = context.req.param('id');
    if (!(await services.store.delete(id, context.get('principal').keyId))) throw responseNotFound(id);
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

/** Feeds the key's images-per-minute window. */
async function countImages(services: Services, principal: Principal, response: { imagegate?: { images_generated?: number } | undefined }): Promise<void> {
  if (principal.keyId === null) return;
  const made = response.imagegate?.images_generated ?? 0;
  if (made > 0) await services.rateLimiter.add(principal.keyId, 'image', made);
}

function responseNotFound(id: string) {
  return notFound(`Response with id '${id}' not found.`, 'response_id', 'response_not_found');
}
