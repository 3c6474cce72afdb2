import { Hono } from 'hono';
import type { Services } from '../../service/services.ts';
import type { BudgetLimits, BudgetScope } from '../../storage/budget-store.ts';
import { utcDayWindow, utcMonthWindow } from '../../storage/budget-windows.ts';
import type { AppEnv } from '../app-env.ts';
import { policyToWire } from './admin-keys-wire.ts';

const LIMIT_FIELDS: ReadonlyArray<[BudgetScope, keyof BudgetLimits]> = [
  ['daily', 'dailyMicros'],
  ['monthly', 'monthlyMicros'],
  ['total', 'totalMicros'],
];

/**
 * `GET /v1/imagegate/key` (our extension): the calling key's own name, policy and, per budget
 * window, the limit, what is spent or reserved and what is left — so a client can show "budget
 * left" without the admin key. Read-only; the admin key and an open server get `kind` and no key.
 */
export function ownKeyRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (context) => {
    const principal = context.get('principal');
    const record = principal.keyId === null ? undefined : await services.keys.get(principal.keyId);
    if (!record) return context.json({ object: 'imagegate.key', kind: principal.kind, id: null, name: null, prefix: null, policy: {}, budgets: [] });
    const now = services.now();
    const budgets = [];
    for (const [scope, field] of LIMIT_FIELDS) {
      const limitMicros = record.policy.budgets?.[field];
      if (limitMicros === undefined) continue;
      // One cap at a time, so `usedMicros` is this window's spend plus active reservations.
      const headroom = await services.budgets.headroom({ keyId: record.id, limits: { [field]: limitMicros }, now });
      const usedMicros = headroom.usedMicros ?? 0;
      const resetsAt = scope === 'daily' ? utcDayWindow(now).toMillis : scope === 'monthly' ? utcMonthWindow(now).toMillis : null;
      budgets.push({
        scope,
        limit_usd: limitMicros / 1_000_000,
        used_usd: usedMicros / 1_000_000,
        left_usd: Math.max(0, limitMicros - usedMicros) / 1_000_000,
        resets_at: resetsAt === null ? null : Math.floor(resetsAt / 1000),
      });
    }
    return context.json({ object: 'imagegate.key', kind: principal.kind, id: record.id, name: record.name, prefix: record.prefix, policy: policyToWire(record.policy), budgets });
  });
  return app;
}
