import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatTime, formatUsd } from '../shared/format.ts';
import type { ApiKeyWire, KeyPolicyWire, UsageRow } from '../shared/wire.ts';
import { BudgetBars } from './budget-bars.tsx';
import { PolicyForm } from './policy-form.tsx';

interface KeysPanelProps {
  adminKey: string;
  keys: ApiKeyWire[];
  spendToday: UsageRow[];
  spendTotal: UsageRow[];
  spendMonth: UsageRow[];
  onChanged(): void;
}

/** API keys: create (secret shown once), edit policy, revoke; with today's and all-time spend. */
export function KeysPanel({ adminKey, keys, spendToday, spendTotal, spendMonth, onChanged }: KeysPanelProps) {
  const [created, setCreated] = useState<ApiKeyWire | undefined>();
  const [editing, setEditing] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const spend = (rows: UsageRow[], id: string) => rows.find((row) => row.group === id)?.cost_usd ?? 0;

  const run = async (action: () => Promise<void>) => {
    try {
      await action();
      setError(undefined);
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const create = (name: string, policy: KeyPolicyWire) =>
    run(async () => {
      const key = await apiJson<ApiKeyWire>('/v1/admin/keys', { apiKey: adminKey, method: 'POST', body: { name, policy } });
      setCreated(key);
      setCreating(false);
    });
  const update = (id: string, name: string, policy: KeyPolicyWire) =>
    run(async () => {
      await apiJson<ApiKeyWire>(`/v1/admin/keys/${encodeURIComponent(id)}`, { apiKey: adminKey, method: 'PATCH', body: { name, policy } });
      setEditing(undefined);
    });
  const revoke = (key: ApiKeyWire) => {
    if (!window.confirm(`Revoke “${key.name}” (${key.prefix})? It will never authenticate again.`)) return;
    void run(async () => {
      await apiJson<ApiKeyWire>(`/v1/admin/keys/${encodeURIComponent(key.id)}`, { apiKey: adminKey, method: 'DELETE' });
    });
  };

  return (
    <section class="panel" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {created?.secret && (
        <div class="secret" role="status">
          <p>
            Key <strong>{created.name}</strong> created. Copy its secret now — it is not shown again:
          </p>
          <code data-testid="new-secret">{created.secret}</code>
          <div class="row">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.secret ?? '')}>
              Copy
            </button>
            <button type="button" class="secondary" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
      {creating ? (
        <PolicyForm idPrefix="new-key" initialName="" initialPolicy={{}} submitLabel="Create key" onSubmit={create} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New key
        </button>
      )}
      <div class="table-scroll">
        <table class="keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">Policy</th>
              <th scope="col">Spend today</th>
              <th scope="col">Spend total</th>
              <th scope="col">Budget left</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 && (
              <tr>
                <td colSpan={8}>No keys yet.</td>
              </tr>
            )}
            {keys.map((key) => (
              <Fragment key={key.id}>
                <tr data-key-id={key.id} class={key.revoked_at === null ? '' : 'revoked'}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{formatTime(key.created_at)}</td>
                  <td>{describePolicy(key.policy)}</td>
                  <td>{formatUsd(spend(spendToday, key.id))}</td>
                  <td>{formatUsd(spend(spendTotal, key.id))}</td>
                  <td>
                    <BudgetBars policy={key.policy} spend={{ daily: spend(spendToday, key.id), monthly: spend(spendMonth, key.id), total: spend(spendTotal, key.id) }} />
                  </td>
                  <td>
                    {key.revoked_at === null ? (
                      <div class="row">
                        <button type="button" class="secondary" onClick={() => setEditing(editing === key.id ? undefined : key.id)} aria-expanded={editing === key.id}>
                          Edit
                        </button>
                        <button type="button" class="danger" onClick={() => revoke(key)}>
                          Revoke
                        </button>
                      </div>
                    ) : (
                      <span>revoked {formatTime(key.revoked_at)}</span>
                    )}
                  </td>
                </tr>
                {editing === key.id && (
                  <tr>
                    <td colSpan={8}>
                      <PolicyForm
                        idPrefix={`edit-${key.id}`}
                        initialName={key.name}
                        initialPolicy={key.policy}
                        submitLabel="Save"
                        onSubmit={(name, policy) => update(key.id, name, policy)}
                        onCancel={() => setEditing(undefined)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function describePolicy(policy: KeyPolicyWire): string {
  const parts: string[] = [];
  if (policy.allowed_models) parts.push(`models: ${policy.allowed_models.join(', ')}`);
  if (policy.max_images_per_response !== undefined) parts.push(`≤ ${policy.max_images_per_response} images/response`);
  if (policy.exact_images !== undefined) parts.push(`exactly ${policy.exact_images} images`);
  if (policy.max_cost_per_response_usd !== undefined) parts.push(`≤ $${policy.max_cost_per_response_usd}/response`);
  if (policy.budgets?.daily_usd !== undefined) parts.push(`$${policy.budgets.daily_usd}/day`);
  if (policy.budgets?.monthly_usd !== undefined) parts.push(`$${policy.budgets.monthly_usd}/month`);
  if (policy.budgets?.total_usd !== undefined) parts.push(`$${policy.budgets.total_usd} total`);
  if (policy.rate_limits?.requests_per_minute !== undefined) parts.push(`${policy.rate_limits.requests_per_minute} req/min`);
  if (policy.rate_limits?.images_per_minute !== undefined) parts.push(`${policy.rate_limits.images_per_minute} images/min`);
  return parts.length === 0 ? 'no limits' : parts.join('; ');
}
