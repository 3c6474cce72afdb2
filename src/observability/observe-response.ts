import type { ResponseObject } from '../responses/wire/response-object.ts';
import type { LiveStats } from './live-stats.ts';
import type { ImagegateMetrics } from './metrics.ts';

/** What the access log and the response span say about a finished response. */
export interface ResponseSummary {
  responseId: string;
  model: string;
  images: number;
  ignoredToolCalls: number;
  ignoredReasons: string[];
  /** Null when a price was unknown. */
  costUsd: number | null;
}

/**
 * Counts a finished response from the very object the client got (so passthrough and looped
 * responses count alike): images by backend, model, size and quality; ignored calls by reason;
 * each cost line by key, model and kind; the language model's tokens.
 */
export function observeResponse(response: ResponseObject, keyId: string | null, metrics: ImagegateMetrics, live: LiveStats): ResponseSummary {
  const info = response.imagegate;
  const lines = info.cost?.lines ?? [];
  const imageModels = new Map(lines.filter((line) => line.kind === 'image' && line.item_id !== undefined).map((line) => [line.item_id as string, line.model]));
  // `provider/model` on looped responses; a description on passthrough ones.
  const slash = info.image_backend.indexOf('/');
  const backend = slash > 0 ? info.image_backend.slice(0, slash) : info.image_backend;
  const backendModel = slash > 0 ? info.image_backend.slice(slash + 1) : info.image_backend;
  let images = 0;
  for (const item of response.output) {
    if (item.type !== 'image_generation_call' || item.status !== 'completed') continue;
    images += 1;
    metrics.images.inc({ backend, model: imageModels.get(item.id) ?? backendModel, size: item.size ?? 'unknown', quality: item.quality ?? 'unknown' });
  }
  for (const ignored of info.ignored_tool_calls) metrics.ignoredToolCalls.inc({ reason: ignored.reason });
  const key = keyId ?? 'anonymous';
  let spendMicros = 0;
  for (const line of lines) {
    if (line.cost_usd === null) {
      metrics.unpricedWork.inc({ model: line.model, kind: line.kind });
      continue;
    }
    metrics.cost.inc({ key, model: line.model, kind: line.kind }, line.cost_usd);
    spendMicros += Math.round(line.cost_usd * 1_000_000);
  }
  const usage = response.usage;
  if (usage) {
    const labels = { gen_ai_request_model: info.resolved_model, gen_ai_token_modality: 'text' };
    metrics.tokens.inc({ ...labels, gen_ai_token_type: 'input' }, usage.input_tokens);
    metrics.tokens.inc({ ...labels, gen_ai_token_type: 'output' }, usage.output_tokens);
  }
  live.images(images);
  live.spend(spendMicros);
  return {
    responseId: response.id,
    model: info.resolved_model,
    images,
    ignoredToolCalls: info.ignored_tool_calls.length,
    ignoredReasons: [...new Set(info.ignored_tool_calls.map((ignored) => ignored.reason))],
    costUsd: info.cost ? info.cost.total_usd : null,
  };
}
