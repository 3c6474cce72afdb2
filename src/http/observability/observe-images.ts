import type { ImageModel } from '../../providers/spec/image-model.ts';
import type { GeneratedImages } from '../../service/images/generate-images.ts';
import type { LiveStats } from '../../observability/live-stats.ts';
import type { ImagegateMetrics } from '../../observability/metrics.ts';
import type { ResponseSummary } from '../../observability/observe-response.ts';

/**
 * Counts an Images API answer like a response: images by backend, model, size and quality; the
 * cost by key, model and kind; the backend's tokens by direction and modality.
 */
export function observeImages(model: Pick<ImageModel, 'provider' | 'modelId'>, generated: GeneratedImages, keyId: string | null, metrics: ImagegateMetrics, live: LiveStats): ResponseSummary {
  const count = generated.images.length;
  if (count > 0) metrics.images.inc({ backend: model.provider, model: model.modelId, size: generated.result.size, quality: generated.result.quality }, count);
  const cost = generated.spend.summary();
  let spendMicros = 0;
  for (const line of cost.lines) {
    if (line.cost_usd === null) {
      metrics.unpricedWork.inc({ model: line.model, kind: line.kind });
      continue;
    }
    metrics.cost.inc({ key: keyId ?? 'anonymous', model: line.model, kind: line.kind }, line.cost_usd);
    spendMicros += Math.round(line.cost_usd * 1_000_000);
  }
  const usage = generated.usage;
  if (usage) {
    const add = (type: string, modality: string, value: number) => {
      if (value > 0) metrics.tokens.inc({ gen_ai_request_model: model.modelId, gen_ai_token_type: type, gen_ai_token_modality: modality }, value);
    };
    const outputText = usage.outputTextTokens ?? 0;
    add('input', 'text', usage.inputTextTokens);
    add('input', 'image', usage.inputImageTokens);
    add('output', 'text', outputText);
    add('output', 'image', usage.outputTokens - outputText);
  }
  live.images(count);
  live.spend(spendMicros);
  return { responseId: '', model: model.modelId, images: count, ignoredToolCalls: 0, ignoredReasons: [], costUsd: cost.total_usd };
}
