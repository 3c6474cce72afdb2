import { SpendRefusedError } from '../errors/spend-refused-error.ts';
import { estimatePromptTokens } from '../loop/estimate-prompt-tokens.ts';
import type { LanguageModelTool } from '../providers/spec/language-model.ts';
import { imageToolDefinition } from '../tools/image-generation/image-tool-definition.ts';
import { createSpendGuard } from './create-spend-guard.ts';
import { reservePassthrough } from './passthrough/reserve-passthrough.ts';
import type { PreparedResponse } from './prepare-response.ts';
import type { Services } from './services.ts';

/**
 * Sets up the money side of a prepared response and reserves its first model step. A request
 * that cannot afford even that gets 429 `insufficient_quota` before anything is streamed.
 */
export async function preflightSpend(prepared: PreparedResponse, services: Services): Promise<PreparedResponse> {
  const spend = createSpendGuard(services, { principal: prepared.principal, responseId: prepared.responseId, maxCostMicros: prepared.maxCostMicros });
  if (prepared.languageModel.passthrough) return { ...prepared, spend, passthrough: await reservePassthrough(prepared, spend, services) };
  const first = await spend.reserveModelStep({
    model: prepared.languageModel.model.modelId,
    inputTokens: estimatePromptTokens(prepared.conversation.messages, firstStepTools(prepared), prepared.languageModel.model.modelId),
    maxOutputTokens: prepared.request.max_output_tokens ?? undefined,
  });
  if (!first.ok) throw new SpendRefusedError(first.reason, first.message);
  return { ...prepared, spend, firstStepHold: first };
}

/** The tools the first step may be offered: the prompt the reservation must cover. */
function firstStepTools(prepared: PreparedResponse): LanguageModelTool[] {
  const image = prepared.imageTool ? [imageToolDefinition(prepared.imageTool.action !== 'generate')] : [];
  return [...prepared.functionTools, ...image];
}
