import { ApiError } from '../errors/api-error.ts';
import { estimatePromptTokens } from '../loop/estimate-prompt-tokens.ts';
import { SpendGuard } from '../policy/spend-guard.ts';
import type { PreparedResponse } from './prepare-response.ts';
import type { Services } from './services.ts';

/**
 * Sets up the money side of a prepared response and reserves its first model step. A request
 * that cannot afford even that gets 429 `insufficient_quota` before anything is streamed.
 */
export async function preflightSpend(prepared: PreparedResponse, services: Services): Promise<PreparedResponse> {
  const policy = prepared.principal.policy;
  const spend = new SpendGuard({
    catalog: services.catalog,
    budgets: services.budgets,
    usage: services.usage,
    keyId: prepared.principal.keyId,
    responseId: prepared.responseId,
    budgetLimits: policy?.budgets,
    maxCostMicros: prepared.maxCostMicros,
    assumedMaxOutputTokens: services.config.pricing.assumedMaxOutputTokens,
    now: services.now,
  });
  if (prepared.languageModel.passthrough) return { ...prepared, spend };
  const first = await spend.reserveModelStep({
    model: prepared.languageModel.model.modelId,
    inputTokens: estimatePromptTokens(prepared.conversation.messages, prepared.functionTools, prepared.languageModel.model.modelId),
    maxOutputTokens: prepared.request.max_output_tokens ?? undefined,
  });
  if (!first.ok) {
    if (first.reason === 'unknown_price') throw new ApiError(400, 'invalid_request_error', first.message, 'model', 'price_unknown');
    throw new ApiError(429, 'insufficient_quota', first.message, null, first.reason === 'budget' ? 'budget_exceeded' : 'max_cost_exceeded');
  }
  return { ...prepared, spend, firstStepHold: first.hold };
}
