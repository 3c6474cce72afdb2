import { Gauge, type Registry } from 'prom-client';
import type { BudgetLimits, BudgetStore } from '../storage/budget-store.ts';
import type { KeyStore } from '../storage/key-store.ts';

const WINDOWS: ReadonlyArray<{ window: 'daily' | 'monthly' | 'total'; field: keyof BudgetLimits }> = [
  { window: 'daily', field: 'dailyMicros' },
  { window: 'monthly', field: 'monthlyMicros' },
  { window: 'total', field: 'totalMicros' },
];

/**
 * Gauges read from storage when Prometheus scrapes (so every instance reports the shared truth):
 * active reservations per key, and budget left per key and window.
 */
export function registerBudgetGauges(registry: Registry, stores: { keys: KeyStore; budgets: BudgetStore; now: () => number }): void {
  new Gauge({
    name: 'imagegate_budget_reservations_active',
    help: 'Money reservations held right now, by key.',
    labelNames: ['key'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const reservation of await stores.budgets.activeReservations()) this.inc({ key: reservation.keyId });
    },
  });
  new Gauge({
    name: 'imagegate_budget_left_usd',
    help: 'Budget left in USD, by key and window (daily / monthly / total); only keys with that budget.',
    labelNames: ['key', 'window'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = stores.now();
      for (const key of await stores.keys.list()) {
        const budgets = key.policy.budgets;
        if (key.revokedAt !== null || budgets === undefined) continue;
        for (const { window, field } of WINDOWS) {
          const limit = budgets[field];
          if (limit === undefined) continue;
          // One window at a time: headroom answers for the tightest of the caps it is given.
          const headroom = await stores.budgets.headroom({ keyId: key.id, limits: { [field]: limit }, now });
          this.set({ key: key.id, window }, headroom.micros / 1_000_000);
        }
      }
    },
  });
}
