import { estimateMaxImageCost, estimateMaxTextCost, roundToMicroUsd } from '../pricing/index.ts';
import { estimatePromptTokens } from '../loop/estimate-prompt-tokens.ts';
import type { PreparedResponse } from './prepare-response.ts';
import type { Services } from './services.ts';

/**
 * The dry-run estimate: the most a request could cost under its limits — every model step at
 * its output cap, plus every image the limits allow at the dearest quality and size.
 * Unbounded when images have no limit (a model may call the tool any number of times).
 */
export function estimateResponse(prepared: PreparedResponse, services: Services): Record<string, unknown> {
  const steps = services.config.limits.maxModelSteps;
  const model = prepared.languageModel.model.modelId;
  const step = estimateMaxTextCost(services.catalog, {
    model,
    // Later steps carry earlier answers and tool results: grow the prompt by the output cap each step.
    inputTokens: estimatePromptTokens(prepared.conversation.messages, prepared.functionTools, model) + steps * (prepared.request.max_output_tokens ?? services.config.pricing.assumedMaxOutputTokens),
    maxOutputTokens: prepared.request.max_output_tokens ?? services.config.pricing.assumedMaxOutputTokens,
  });
  const caps = [prepared.limits.maxImages, prepared.limits.maxToolCalls, prepared.limits.exactImages].filter((cap): cap is number => cap !== undefined);
  const maxImages = prepared.imageTool ? (caps.length > 0 ? Math.min(...caps) : undefined) : 0;
  const image =
    prepared.imageTool && prepared.imageModel
      ? estimateMaxImageCost(services.catalog, {
          model: prepared.imageModel.model.modelId,
          quality: prepared.imageTool.quality,
          size: prepared.imageTool.size,
          count: 1,
          partialImages: prepared.request.stream ? prepared.imageTool.partialImages : 0,
        })
      : undefined;
  const stepMicros = step.known ? roundToMicroUsd(step.cost, 'up') : undefined;
  const imageMicros = image === undefined ? 0 : image.known ? roundToMicroUsd(image.cost, 'up') : undefined;
  const bounded = maxImages !== undefined && stepMicros !== undefined && imageMicros !== undefined;
  const totalMicros = bounded ? stepMicros * steps + imageMicros * maxImages : undefined;
  const capped = totalMicros !== undefined && prepared.maxCostMicros !== undefined ? Math.min(totalMicros, prepared.maxCostMicros) : (totalMicros ?? prepared.maxCostMicros);
  return {
    object: 'imagegate.estimate',
    max_cost_usd: capped === undefined ? null : capped / 1_000_000,
    bounded: capped !== undefined,
    lines: [
      { kind: 'model_step', model, max_steps: steps, max_cost_per_step_usd: stepMicros === undefined ? null : stepMicros / 1_000_000 },
      ...(image
        ? [{ kind: 'image', model: prepared.imageModel?.model.modelId, max_images: maxImages ?? null, max_cost_per_image_usd: imageMicros === undefined ? null : imageMicros / 1_000_000 }]
        : []),
    ],
    notes: [
      ...(maxImages === undefined ? ['No image limit applies: set imagegate.max_images or max_tool_calls to bound the cost.'] : []),
      ...(!step.known ? [step.message] : []),
      ...(image && !image.known ? [image.message] : []),
    ],
  };
}
