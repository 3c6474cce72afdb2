import { streamProviderPassthrough } from '../providers/registry/provider-passthrough.ts';
import { toClientError } from '../errors/to-client-error.ts';
import type { IgnoredToolCall, ImagegateResponseInfo } from '../responses/wire/response-object.ts';
import { type PassthroughEvent, type PassthroughResponse, droppedImageCallId, eventItem, eventResponse } from './passthrough/passthrough-wire.ts';
import { type RelayOutcome, settlePassthrough } from './passthrough/settle-passthrough.ts';
import { HOSTED_IMAGE_DEFAULT_MODEL } from './passthrough/reserve-passthrough.ts';
import type { PreparedResponse } from './prepare-response.ts';
import { responseErrorOf } from './response-failure.ts';
import type { Services } from './services.ts';

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * A passthrough route: OpenAI runs its own hosted image tool; imagegate caps it through
 * `max_tool_calls` and cuts the stream if more image calls start than the limits and the money
 * reserved allow. Events are relayed as upstream sends them; the terminal response gains our
 * `imagegate` block (cost included) and is stored like any other. The response owns its
 * reservations and releases whatever it did not settle, however it ends.
 */
export async function runPassthroughResponse(
  prepared: PreparedResponse,
  services: Services,
  sink: ((event: PassthroughEvent) => void | Promise<void>) | undefined,
  abortSignal: AbortSignal,
): Promise<PassthroughResponse> {
  try {
    return await relay(prepared, services, sink, abortSignal);
  } finally {
    await prepared.spend?.releaseAll();
  }
}

async function relay(prepared: PreparedResponse, services: Services, sink: ((event: PassthroughEvent) => void | Promise<void>) | undefined, abortSignal: AbortSignal): Promise<PassthroughResponse> {
  const provider = prepared.languageModel.provider;
  const reservation = prepared.passthrough;
  if (!provider || !reservation) throw new Error('passthrough route without a provider or a reservation');
  const limits = prepared.limits;
  const caps = [limits.maxImages, limits.exactImages, limits.maxToolCalls].filter((cap): cap is number => cap !== undefined);
  const limitImages = caps.length === 0 ? undefined : Math.min(...caps);
  // Money enforced: only the image calls reserved may be relayed.
  const maxImages = reservation.image && prepared.spend?.isEnforced ? reservation.images.length : limitImages;

  const seenImageCalls: string[] = [];
  let relayedText = '';
  let terminal: PassthroughEvent | undefined;
  try {
    for await (const event of streamProviderPassthrough(provider, { body: upstreamBody(prepared, reservation.text?.outputTokenBound), maxImages, abortSignal })) {
      const item = eventItem(event);
      if (event['type'] === 'response.output_item.added' && item?.type === 'image_generation_call' && item.id) seenImageCalls.push(item.id);
      if (event['type'] === 'response.output_text.delta' && typeof event['delta'] === 'string') relayedText += event['delta'];
      if (TERMINAL.has(String(event['type']))) {
        terminal = event;
        break;
      }
      void sink?.(event);
    }
  } catch (cause) {
    if (abortSignal.aborted) throw cause;
    // Errors: the one client mapping; a JSON answer with nothing relayed yet is the HTTP error itself.
    const clientError = toClientError(cause);
    if (sink === undefined && seenImageCalls.length === 0) throw clientError;
    terminal = { type: 'response.failed', response: failedResponse(prepared, responseErrorOf(clientError)) };
  }
  if (!terminal) throw new Error('passthrough stream ended without a terminal event');
  // A stream cut at the limit names the image call it dropped.
  const dropped = droppedImageCallId(terminal);
  if (dropped) seenImageCalls.push(dropped);

  // An `error` event carries no Response (nor would one upstream sent malformed): ours says failed.
  const response = eventResponse(terminal) ?? failedResponse(prepared, undefined);
  const delivered = response.output.filter((entry) => entry.type === 'image_generation_call');
  const cutByMoney = maxImages !== undefined && (limitImages === undefined || maxImages < limitImages);
  const cutReason = cutByMoney ? (reservation.imageRefusal?.reason === 'budget' ? 'budget' : 'max_cost') : limits.maxImages !== undefined ? 'max_images' : 'max_tool_calls';
  const ignored: IgnoredToolCall[] = seenImageCalls
    .filter((id) => !delivered.some((entry) => entry.id === id))
    .map((id) => ({ call_id: id, prompt: null, reason: cutReason }));

  const outcome: RelayOutcome = { response, cut: dropped !== undefined, relayedText, failed: terminal['type'] !== 'response.completed' && terminal['type'] !== 'response.incomplete' };
  const money = await settlePassthrough(prepared, reservation, outcome);
  const info: ImagegateResponseInfo = {
    simulated: false,
    resolved_model: prepared.languageModel.model.modelId,
    image_backend: 'openai hosted image_generation (passthrough)',
    limits: { max_tool_calls: limits.maxToolCalls ?? null, max_images: limits.maxImages ?? null, exact_images: limits.exactImages ?? null, max_model_steps: 1 },
    images_generated: delivered.length,
    model_steps: 1,
    ignored_tool_calls: ignored,
    warnings: [
      ...(limits.exactImages !== undefined ? [{ source: 'model' as const, message: 'exact_images cannot be forced on a passthrough route; it caps the count instead.' }] : []),
      ...money.warnings,
    ],
    ...(money.cost ? { cost: money.cost } : {}),
  };
  const final: PassthroughResponse = { ...response, imagegate: info };
  const { imagegate: _cutInfo, ...terminalEvent } = terminal;
  void sink?.({ ...terminalEvent, response: final });
  if (prepared.request.store !== false) {
    await services.store.save({
      id: final.id,
      ownerId: prepared.ownerId,
      previousResponseId: prepared.request.previous_response_id ?? null,
      createdAt: final.created_at ?? Math.floor(services.now() / 1000),
      response: final,
      inputItems: prepared.inputItems,
    });
  }
  return final;
}

/** The Response of a passthrough that failed before upstream sent its own. */
function failedResponse(prepared: PreparedResponse, error: { code: string; message: string } | undefined): PassthroughResponse {
  return { id: prepared.responseId, object: 'response', status: 'failed', output: [], ...(error ? { error } : {}) };
}

/**
 * The caller's request as OpenAI receives it: our extension block removed, the routed model id,
 * the output bound that was reserved, and the hosted tool's image model named (so it draws with
 * the model that was priced).
 */
function upstreamBody(prepared: PreparedResponse, outputTokenBound: number | undefined): Record<string, unknown> {
  const { imagegate: _ours, ...body } = prepared.request;
  const tools = (prepared.request.tools ?? []).map((tool) => (tool.type === 'image_generation' && tool.model === undefined ? { ...tool, model: HOSTED_IMAGE_DEFAULT_MODEL } : tool));
  return {
    ...body,
    model: prepared.languageModel.model.modelId,
    ...(tools.length > 0 ? { tools } : {}),
    ...(outputTokenBound === undefined ? {} : { max_output_tokens: outputTokenBound }),
  };
}
