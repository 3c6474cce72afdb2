import { useEffect, useState } from 'preact/hooks';
import { apiJson } from '../shared/api.ts';
import { formatUsdShort } from '../shared/format.ts';
import type { OwnKeyWire } from '../shared/wire.ts';

const SCOPE_TEXT = { daily: 'today', monthly: 'this month', total: 'in total' } as const;

/** "Budget left" for the key in use, from `GET /v1/imagegate/key`; refreshed after every answer. */
export function BudgetIndicator({ apiKey, refreshToken }: { apiKey: string; refreshToken: number }) {
  const [own, setOwn] = useState<OwnKeyWire | undefined>();
  useEffect(() => {
    if (apiKey === '') {
      setOwn(undefined);
      return;
    }
    // A failure here (old server, wrong key) is shown where the user acts: in the answer.
    apiJson<OwnKeyWire>('/v1/imagegate/key', { apiKey })
      .then(setOwn)
      .catch(() => setOwn(undefined));
  }, [apiKey, refreshToken]);
  if (!own || own.kind !== 'key') return null;
  if (own.budgets.length === 0) return <p class="budget hint" data-testid="budget-left">No budget limit on this key.</p>;
  return (
    <div class="budget" data-testid="budget-left">
      {own.budgets.map((budget) => (
        <label key={budget.scope} class="budget-line" data-scope={budget.scope} data-left-usd={String(budget.left_usd)}>
          <span>
            Budget left {SCOPE_TEXT[budget.scope]}: <strong>{formatUsdShort(budget.left_usd)}</strong> of {formatUsdShort(budget.limit_usd)}
          </span>
          <meter min={0} max={budget.limit_usd} low={budget.limit_usd * 0.2} optimum={budget.limit_usd} value={budget.left_usd} />
        </label>
      ))}
    </div>
  );
}
