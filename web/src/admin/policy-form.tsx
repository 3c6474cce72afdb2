import { useState } from 'preact/hooks';
import type { KeyPolicyWire } from '../shared/wire.ts';

/** The policy fields as form text (empty = no limit of that kind). */
interface PolicyDraft {
  name: string;
  allowedModels: string;
  maxImagesPerResponse: string;
  exactImages: string;
  maxCostPerResponseUsd: string;
  dailyUsd: string;
  monthlyUsd: string;
  totalUsd: string;
  requestsPerMinute: string;
  imagesPerMinute: string;
}

interface PolicyFormProps {
  idPrefix: string;
  initialName: string;
  initialPolicy: KeyPolicyWire;
  submitLabel: string;
  onSubmit(name: string, policy: KeyPolicyWire): Promise<void>;
  onCancel?: () => void;
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/** Create or edit a key: name plus every policy field the admin API accepts. */
export function PolicyForm({ idPrefix, initialName, initialPolicy, submitLabel, onSubmit, onCancel }: PolicyFormProps) {
  const [draft, setDraft] = useState<PolicyDraft>({
    name: initialName,
    allowedModels: (initialPolicy.allowed_models ?? []).join(', '),
    maxImagesPerResponse: text(initialPolicy.max_images_per_response),
    exactImages: text(initialPolicy.exact_images),
    maxCostPerResponseUsd: text(initialPolicy.max_cost_per_response_usd),
    dailyUsd: text(initialPolicy.budgets?.daily_usd),
    monthlyUsd: text(initialPolicy.budgets?.monthly_usd),
    totalUsd: text(initialPolicy.budgets?.total_usd),
    requestsPerMinute: text(initialPolicy.rate_limits?.requests_per_minute),
    imagesPerMinute: text(initialPolicy.rate_limits?.images_per_minute),
  });
  const [busy, setBusy] = useState(false);
  const field = (key: keyof PolicyDraft, label: string, type: 'text' | 'number' = 'number', step = '1') => (
    <label for={`${idPrefix}-${key}`}>
      {label}
      <input
        id={`${idPrefix}-${key}`}
        name={key}
        type={type}
        min={type === 'number' ? 0 : undefined}
        step={type === 'number' ? step : undefined}
        value={draft[key]}
        required={key === 'name'}
        onInput={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      class="policy-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void onSubmit(draft.name.trim(), policyFromDraft(draft)).finally(() => setBusy(false));
      }}
    >
      <div class="grid">
        {field('name', 'Name', 'text')}
        {field('allowedModels', 'Allowed models (comma-separated, empty = all)', 'text')}
        {field('maxImagesPerResponse', 'Max images per response')}
        {field('exactImages', 'Exact images per response')}
        {field('maxCostPerResponseUsd', 'Max cost per response (USD)', 'number', 'any')}
        {field('dailyUsd', 'Daily budget (USD)', 'number', 'any')}
        {field('monthlyUsd', 'Monthly budget (USD)', 'number', 'any')}
        {field('totalUsd', 'Total budget (USD)', 'number', 'any')}
        {field('requestsPerMinute', 'Requests per minute')}
        {field('imagesPerMinute', 'Images per minute')}
      </div>
      <div class="row">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function policyFromDraft(draft: PolicyDraft): KeyPolicyWire {
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  const policy: KeyPolicyWire = {};
  const models = draft.allowedModels.split(',').map((model) => model.trim()).filter((model) => model !== '');
  if (models.length > 0) policy.allowed_models = models;
  const maxImages = number(draft.maxImagesPerResponse);
  if (maxImages !== undefined) policy.max_images_per_response = maxImages;
  const exact = number(draft.exactImages);
  if (exact !== undefined) policy.exact_images = exact;
  const maxCost = number(draft.maxCostPerResponseUsd);
  if (maxCost !== undefined) policy.max_cost_per_response_usd = maxCost;
  const budgets = { daily_usd: number(draft.dailyUsd), monthly_usd: number(draft.monthlyUsd), total_usd: number(draft.totalUsd) };
  if (Object.values(budgets).some((value) => value !== undefined)) policy.budgets = withoutUndefined(budgets);
  const rates = { requests_per_minute: number(draft.requestsPerMinute), images_per_minute: number(draft.imagesPerMinute) };
  if (Object.values(rates).some((value) => value !== undefined)) policy.rate_limits = withoutUndefined(rates);
  return policy;
}

function withoutUndefined<T extends Record<string, number | undefined>>(value: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]?: number };
}
