import { useEffect, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { KeyField } from '../shared/key-field.tsx';
import { useStoredValue } from '../shared/stored-value.ts';
import type { ApiKeyWire, UsageReport, UsageRow } from '../shared/wire.ts';
import { KeysPanel } from './keys-panel.tsx';
import { LivePanel } from './live-panel.tsx';
import { RecentPanel } from './recent-panel.tsx';
import { UsagePanel } from './usage-panel.tsx';

const DAY_MILLIS = 86_400_000;

/** The admin page: keys, usage charts, recent responses. Needs the admin key. */
export function AdminPage() {
  const [adminKey, setAdminKey] = useStoredValue('imagegate.adminKey');
  const [keys, setKeys] = useState<ApiKeyWire[]>([]);
  const [spendToday, setSpendToday] = useState<UsageRow[]>([]);
  const [spendTotal, setSpendTotal] = useState<UsageRow[]>([]);
  const [spendMonth, setSpendMonth] = useState<UsageRow[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [refreshToken, setRefreshToken] = useState(0);

  useEffect(() => {
    if (adminKey === '') return;
    const todayStart = Math.floor((Date.now() - (Date.now() % DAY_MILLIS)) / 1000);
    const now = new Date();
    const monthStart = Math.floor(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000);
    Promise.all([
      apiJson<{ data: ApiKeyWire[] }>('/v1/admin/keys', { apiKey: adminKey }),
      apiJson<UsageReport>(`/v1/usage?group_by=key&from=${todayStart}`, { apiKey: adminKey }),
      apiJson<UsageReport>('/v1/usage?group_by=key&from=0', { apiKey: adminKey }),
      apiJson<UsageReport>(`/v1/usage?group_by=key&from=${monthStart}`, { apiKey: adminKey }),
    ])
      .then(([list, today, total, month]) => {
        setSpendMonth(month.data);
        setKeys(list.data);
        setSpendToday(today.data);
        setSpendTotal(total.data);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [adminKey, refreshToken]);

  return (
    <div class="page admin">
      <header class="top">
        <h1>imagegate admin</h1>
        <nav>
          <a href="/">Chat</a>
          <button type="button" class="secondary" onClick={() => setRefreshToken((token) => token + 1)}>
            Refresh
          </button>
        </nav>
      </header>
      <KeyField label="Admin key" value={adminKey} onSave={setAdminKey} placeholder="the server's admin key" />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {adminKey !== '' && (
        <main>
          <LivePanel adminKey={adminKey} refreshToken={refreshToken} />
          <KeysPanel adminKey={adminKey} keys={keys} spendToday={spendToday} spendTotal={spendTotal} spendMonth={spendMonth} onChanged={() => setRefreshToken((token) => token + 1)} />
          <UsagePanel adminKey={adminKey} keys={keys} refreshToken={refreshToken} />
          <RecentPanel adminKey={adminKey} keys={keys} refreshToken={refreshToken} />
        </main>
      )}
    </div>
  );
}
