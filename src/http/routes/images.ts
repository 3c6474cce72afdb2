import { type Context, Hono } from 'hono';
import { ApiError } from '../../errors/api-error.ts';
import { generateImages } from '../../service/images/generate-images.ts';
import type { ImagesRequest } from '../../service/images/images-request.ts';
import { completedEventsWire, imagesResponseWire, partialImageEventWire } from '../../service/images/images-wire.ts';
import { EDIT_FORM_FIELDS, parseEditFormRequest, parseEditJsonRequest, parseGenerationRequest } from '../../service/images/parse-images-request.ts';
import { prepareImages } from '../../service/images/prepare-images.ts';
import { reserveImages } from '../../service/images/reserve-images.ts';
import type { Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';
import { toApiError } from '../error-handler.ts';
import type { ReleaseImageJob } from '../../policy/image-job-gate.ts';
import { readJsonBody } from '../read-json-body.ts';
import { sseErrorEvent } from '../sse-error-event.ts';
import { imageJsonResponse } from '../image-json.ts';
import { createSseChannel } from '../sse.ts';
import { readEditForm } from './images-multipart.ts';

/** The Images API: `POST /v1/images/generations` and `/v1/images/edits` (multipart or JSON). */
export function imagesRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/generations', async (context) => {
    const request = parseGenerationRequest(await readJsonBody(context));
    return answer(context, request, services);
  });

  app.post('/edits', async (context) => {
    const contentType = context.req.header('content-type') ?? '';
    const request = /^multipart\/form-data/i.test(contentType)
      ? await parseEditFormRequest(await readEditForm(context, EDIT_FORM_FIELDS), services.config.limits.maxInputImagePixels)
      : await parseEditJsonRequest(await readJsonBody(context), services, context.get('principal').keyId, context.req.raw.signal);
    return answer(context, request, services);
  });

  return app;
}

/**
 * Everything that can be refused (policy, caps, money) is decided before the first byte is
 * sent, so those are plain HTTP errors; once a stream has started, a failure is an `error` event.
 */
async function answer(context: Context<AppEnv>, request: ImagesRequest, services: Services): Promise<Response> {
  const principal = context.get('principal');
  const prepared = await prepareImages(request, (name) => context.req.header(name), services, principal);
  // Admitted (or 503) before money is reserved; the slot is held until the last image is sent.
  const release = await services.imageJobs.acquire(context.req.raw.signal);
  try {
    return await answerAdmitted(context, request, prepared, services, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function answerAdmitted(
  context: Context<AppEnv>,
  request: ImagesRequest,
  prepared: Awaited<ReturnType<typeof prepareImages>>,
  services: Services,
  release: ReleaseImageJob,
): Promise<Response> {
  const principal = context.get('principal');
  const reservation = await reserveImages(prepared, services);
  const createdSeconds = () => Math.floor(services.now() / 1000);
  const countImages = async (made: number): Promise<void> => {
    if (principal.keyId !== null && made > 0) await services.rateLimiter.add(principal.keyId, 'image', made);
  };

  if (!request.stream) {
    const generated = await generateImages(prepared, reservation, services, undefined, context.req.raw.signal).finally(release);
    await countImages(generated.images.length);
    context.get('observation').imagesFinished(prepared.imageModel.model, generated);
    const body = imagesResponseWire(prepared, generated, createdSeconds());
    const cost = body.imagegate.cost.total_usd;
    return imageJsonResponse(context, body, cost !== null ? { 'x-imagegate-cost-usd': cost.toFixed(6) } : {});
  }

  // The channel's signal aborts when the client is gone: the stream was cancelled or the socket closed.
  const channel = createSseChannel(context.req.raw.signal);
  const send = channel.send as (event: { type: string }) => void;
  const abortSignal = channel.signal;
  const onPartialImage = (partial: Parameters<typeof partialImageEventWire>[1]) => send(partialImageEventWire(prepared, partial, createdSeconds()));
  void generateImages(prepared, reservation, services, onPartialImage, abortSignal)
    .then(async (generated) => {
      await countImages(generated.images.length);
      context.get('observation').imagesFinished(prepared.imageModel.model, generated);
      for (const event of completedEventsWire(prepared, generated, createdSeconds())) send(event);
    })
    .catch((cause: unknown) => {
      if (abortSignal.aborted) return;
      if (!(cause instanceof ApiError)) services.logger.error({ err: cause, requestId: context.get('requestId') }, 'streamed images request failed');
      send(sseErrorEvent(toApiError(cause)));
    })
    .finally(() => {
      release();
      channel.close();
    });
  return new Response(channel.stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
  });
}
