import { streamPassthrough } from '../providers/openai/openai-responses-passthrough.ts';
import { connectionSettings } from '../providers/registry/provider-connection.ts';
import { ProviderError } from '../providers/shared/provider-error.ts';
import type { IgnoredToolCall, ImagegateResponseInfo } from '../responses/wire/response-object.ts';
import type { PreparedResponse } from './prepare-response.ts';
import type { Services } from './services.ts';

type WireEvent = Record<string, unknown>;
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * A passthrough route: OpenAI runs its own hosted image tool; imagegate caps it through
 * `max_tool_calls` and cuts the stream if more image calls start than the limit allows.
 * Events are relayed as upstream sends them; the terminal response gains our `imagegate` block
 * and is stored like any other.
 */
export async function runPassthroughResponse(
  prepared: PreparedResponse,
  services: Services,
  sink: ((event: WireEvent) => void) | undefined,
  abortSignal: AbortSignal,
): Promise<Record<string, unknown>> {
  const provider = prepared.languageModel.provider;
  if (!provider) throw new Error('passthrough route without a provider');
  const { imagegate: _ours, ...body } = prepared.request as Record<string, unknown>;
  const limits = prepared.limits;
  const caps = [limits.maxImages, limits.exactImages, limits.maxToolCalls].filter((cap): cap is number => cap !== undefined);
  const maxImages = caps.length === 0 ? undefined : Math.min(...caps);

  const seenImageCalls: string[] = [];
  let terminal: WireEvent | undefined;
  try {
    for await (const event of streamPassthrough({
      body: { ...body, model: prepared.languageModel.model.modelId },
      settings: connectionSettings(provider),
      maxImages,
      abortSignal,
    })) {
      const item = event['item'] as { type?: string; id?: string } | undefined;
      if (event['type'] === 'response.output_item.added' && item?.type === 'image_generation_call' && item.id) seenImageCalls.push(item.id);
      if (TERMINAL.has(String(event['type']))) {
        terminal = event;
        break;
      }
      sink?.(event);
    }
  } catch (cause) {
    if (abortSignal.aborted) throw cause;
    const message = cause instanceof Error ? cause.message : 'The upstream provider failed.';
    const code = cause instanceof ProviderError && cause.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    terminal = { type: 'response.failed', response: { id: prepared.responseId, object: 'response', status: 'failed', output: [], error: { code, message } } };
  }
  if (!terminal) throw new Error('passthrough stream ended without a terminal event');
  // A stream cut at the limit names the image call it dropped.
  const dropped = (terminal['imagegate'] as { dropped_image_call?: { id?: string } } | undefined)?.dropped_image_call?.id;
  if (dropped) seenImageCalls.push(dropped);

  const response = (terminal['response'] as Record<string, unknown> | undefined) ?? { id: prepared.responseId, object: 'response', status: 'failed', output: [] };
  const delivered = ((response['output'] as Array<{ type?: string; id?: string }> | undefined) ?? []).filter((entry) => entry.type === 'image_generation_call');
  const ignored: IgnoredToolCall[] = seenImageCalls
    .filter((id) => !delivered.some((entry) => entry.id === id))
    .map((id) => ({ call_id: id, prompt: null, reason: limits.maxImages !== undefined ? 'max_images' : 'max_tool_calls' }));
  const info: ImagegateResponseInfo = {
    simulated: false,
    resolved_model: prepared.languageModel.model.modelId,
    image_backend: 'openai hosted image_generation (passthrough)',
    limits: { max_tool_calls: limits.maxToolCalls ?? null, max_images: limits.maxImages ?? null, exact_images: limits.exactImages ?? null, max_model_steps: 1 },
    images_generated: delivered.length,
    model_steps: 1,
    ignored_tool_calls: ignored,
    warnings: limits.exactImages !== undefined ? [{ source: 'model', message: 'exact_images cannot be forced on a passthrough route; it caps the count instead.' }] : [],
  };
  const final: Record<string, unknown> = { ...response, imagegate: info };
  const { imagegate: _cutInfo, ...terminalEvent } = terminal;
  sink?.({ ...terminalEvent, response: final });
  if (prepared.request.store !== false && typeof final['id'] === 'string') {
    await services.store.save({
      id: final['id'],
      ownerId: prepared.ownerId,
      previousResponseId: prepared.request.previous_response_id ?? null,
      createdAt: typeof final['created_at'] === 'number' ? final['created_at'] : Math.floor(services.now() / 1000),
      response: final,
      inputItems: prepared.inputItems,
    });
  }
  return final;
}
