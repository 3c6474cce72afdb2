import { describe, expect, it } from 'vitest';
import { createPriceCatalog } from '../pricing/index.ts';
import { createSimulatorLanguageModel } from '../providers/simulator/index.ts';
import type { BudgetStore } from '../storage/budget-store.ts';
import type { KeyStore } from '../storage/key-store.ts';
import { createTelemetry } from './telemetry.ts';

describe('createTelemetry', () => {
  it('wraps each model once for the server, and every response counts its steps under the same series', async () => {
    const telemetry = createTelemetry({ catalog: createPriceCatalog(), keys: {} as KeyStore, budgets: {} as BudgetStore, now: () => 0, readiness: [] });
    try {
      const model = createSimulatorLanguageModel('simulator');
      const observed = telemetry.languageModel(model);
      expect(telemetry.languageModel(model)).toBe(observed);
      expect(telemetry.languageModel(createSimulatorLanguageModel('simulator'))).not.toBe(observed);

      for (let step = 0; step < 2; step += 1) {
        await observed.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], tools: [], toolChoice: undefined, maxOutputTokens: undefined, temperature: undefined, topP: undefined, abortSignal: new AbortController().signal } as never);
      }
      const steps = await telemetry.metrics.modelSteps.get();
      expect(steps.values).toEqual([{ labels: { provider: model.provider, model: 'simulator' }, value: 2 }]);
    } finally {
      telemetry.close();
    }
  });
});
