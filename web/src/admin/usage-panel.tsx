import { useEffect, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatUsdShort } from '../shared/format.ts';
import type { ApiKeyWire, UsageReport, UsageRow } from '../shared/wire.ts';
import { type Bar, BarChart } from './bar-chart.tsx';

interface UsagePanelProps {
  adminKey: string;
  keys: ApiKeyWire[];
  /** Changes when the data should be fetched again. */
  refreshToken: number;
}

const DAYS_SHOWN = 14;
const DAY_MILLIS = 86_400_000;

/** Spend and images over time (all keys or one), and per key and per model. */
export function UsagePanel({ adminKey, keys, refreshToken }: UsagePanelProps) {
  const [keyId, setKeyId] = useState('');
  const [byDay, setByDay] = useState<UsageRow[]>([]);
  const [byKey, setByKey] = useState<UsageRow[]>([]);
  const [byModel, setByModel] = useState<UsageRow[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const from = Math.floor((startOfUtcDay(Date.now()) - (DAYS_SHOWN - 1) * DAY_MILLIS) / 1000);
    const keyQuery = keyId === '' ? '' : `&key_id=${encodeURIComponent(keyId)}`;
    const get = (groupBy: string, extra = '') => apiJson<UsageReport>(`/v1/usage?group_by=${groupBy}&from=${from}${extra}`, { apiKey: adminKey });
    Promise.all([get('day', keyQuery), get('key'), get('model', keyQuery)])
      .then(([day, key, model]) => {
        setByDay(day.data);
        setByKey(key.data);
        setByModel(model.data);
        setError(undefined);
        setLoaded(true);
      })
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [adminKey, keyId, refreshToken]);

  const days = lastDays(DAYS_SHOWN);
  const dayRow = (day: string) => byDay.find((row) => row.group === day);
  const keyName = (id: string | null) => (id === null ? '(no key)' : (keys.find((key) => key.id === id)?.name ?? id));
  const spendPerDay: Bar[] = days.map((day) => ({ label: day, value: dayRow(day)?.cost_usd ?? 0 }));
  const imagesPerDay: Bar[] = days.map((day) => ({ label: day, value: dayRow(day)?.images ?? 0 }));

  return (
    <section class="panel" aria-labelledby="usage-heading" data-loaded={String(loaded)}>
      <h2 id="usage-heading">Usage (last {DAYS_SHOWN} days, UTC)</h2>
      <label>
        Key
        <select value={keyId} onChange={(event) => setKeyId(event.currentTarget.value)}>
          <option value="">All keys</option>
          {keys.map((key) => (
            <option key={key.id} value={key.id}>
              {key.name} ({key.prefix})
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="charts">
        <BarChart id="spend-per-day" title="Spend per day" bars={spendPerDay} format={formatUsdShort} />
        <BarChart id="images-per-day" title="Images per day" bars={imagesPerDay} format={String} />
        <BarChart id="spend-per-key" title="Spend per key" bars={byKey.map((row) => ({ label: keyName(row.group), value: row.cost_usd }))} format={formatUsdShort} />
        <BarChart id="spend-per-model" title="Spend per model" bars={byModel.map((row) => ({ label: row.group ?? '(unknown)', value: row.cost_usd }))} format={formatUsdShort} />
      </div>
    </section>
  );
}

function startOfUtcDay(millis: number): number {
  return millis - (millis % DAY_MILLIS);
}

function lastDays(count: number): string[] {
  const today = startOfUtcDay(Date.now());
  return Array.from({ length: count }, (_, index) => new Date(today - (count - 1 - index) * DAY_MILLIS).toISOString().slice(0, 10));
}
