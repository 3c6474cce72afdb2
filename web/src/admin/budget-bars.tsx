import { formatUsdShort } from '../shared/format.ts';
import type { KeyPolicyWire } from '../shared/wire.ts';

/** Settled spend of one key in each budget window (from `GET /v1/usage`), in dollars. */
export interface WindowSpend {
  daily: number;
  monthly: number;
  total: number;
}

const WINDOWS = [
  ['daily', 'daily_usd', 'today'],
  ['monthly', 'monthly_usd', 'this month'],
  ['total', 'total_usd', 'in total'],
] as const;

/** One bar per budget the key has: what is left of it in its window (reservations in flight not counted). */
export function BudgetBars({ policy, spend }: { policy: KeyPolicyWire; spend: WindowSpend }) {
  const bars = WINDOWS.flatMap(([scope, field, words]) => {
    const limit = policy.budgets?.[field];
    return limit === undefined ? [] : [{ scope, words, limit, left: Math.max(0, limit - spend[scope]) }];
  });
  if (bars.length === 0) return <span class="hint">no budget</span>;
  return (
    <div class="budget-bars">
      {bars.map((bar) => (
        <label key={bar.scope} class="budget-line" data-scope={bar.scope} data-left-usd={String(bar.left)}>
          <meter min={0} max={bar.limit} low={bar.limit * 0.2} optimum={bar.limit} value={bar.left} />
          <span>
            {formatUsdShort(bar.left)} of {formatUsdShort(bar.limit)} left {bar.words}
          </span>
        </label>
      ))}
    </div>
  );
}
