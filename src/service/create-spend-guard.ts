import { SpendGuard } from '../policy/spend-guard.ts';
import type { Principal, Services } from './services.ts';

/** The money side of one response or Images API request, from the server's config and the key's policy. */
export function createSpendGuard(services: Services, who: { principal: Principal; responseId: string; maxCostMicros: number | undefined }): SpendGuard {
  const { pricing } = services.config;
  return new SpendGuard({
    catalog: services.catalog,
    budgets: services.budgets,
    usage: services.usage,
    keyId: who.principal.keyId,
    responseId: who.responseId,
    budgetLimits: who.principal.policy?.budgets,
    maxCostMicros: who.maxCostMicros,
    assumedMaxOutputTokens: pricing.assumedMaxOutputTokens,
    minStepOutputTokens: pricing.minStepOutputTokens,
    now: services.now,
  });
}
