import { useEffect, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatUsd } from '../shared/format.ts';

/** `GET /v1/admin/stats`: this instance's last hour, the numbers /metrics counts. */
interface LiveStatsWire {
  window_minutes: number;
  requests: number;
  images: number;
  spend_usd: number;
  provider_errors: Record<string, Record<string, number>>;
}

const POLL_MILLIS = 10_000;

/** A small live panel: requests, images and spend in the last hour; provider errors by code. */
export function LivePanel({ adminKey, refreshToken }: { adminKey: string; refreshToken: number }) {
  const [stats, setStats] = useState<LiveStatsWire | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const load = () =>
      apiJson<LiveStatsWire>('/v1/admin/stats', { apiKey: adminKey })
        .then((next) => {
          setStats(next);
          setError(undefined);
        })
        .catch((failure: unknown) => setError(describeError(failure)));
    void load();
    const timer = setInterval(() => void load(), POLL_MILLIS);
    return () => clearInterval(timer);
  }, [adminKey, refreshToken]);
  const errors = Object.entries(stats?.provider_errors ?? {}).flatMap(([provider, byCode]) => Object.entries(byCode).map(([code, count]) => ({ provider, code, count })));
  return (
    <section class="panel" aria-labelledby="live-heading">
      <h2 id="live-heading">Live: last {stats?.window_minutes ?? 60} minutes</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {stats && (
        <dl class="live-stats">
          <dt>Requests</dt>
          <dd data-stat="requests">{stats.requests}</dd>
          <dt>Images</dt>
          <dd data-stat="images">{stats.images}</dd>
          <dt>Spend</dt>
          <dd data-stat="spend">{formatUsd(stats.spend_usd)}</dd>
        </dl>
      )}
      {stats &&
        (errors.length === 0 ? (
          <p class="hint">No provider errors.</p>
        ) : (
          <table class="live-errors">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Error</th>
                <th scope="col">Count</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((row) => (
                <tr key={`${row.provider}/${row.code}`}>
                  <td>{row.provider}</td>
                  <td>{row.code}</td>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
