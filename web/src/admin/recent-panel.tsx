import { useEffect, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatUsd } from '../shared/format.ts';
import type { RecentResponse } from '../shared/recent-responses.ts';
import type { ApiKeyWire, IgnoredToolCall } from '../shared/wire.ts';
import { IgnoredList, ResponseDetail } from './response-detail.tsx';

interface ResponseSummaryWire {
  id: string;
  key_id: string | null;
  created_at: number;
  model: string | null;
  status: string | null;
  images_generated: number;
  ignored_tool_calls: IgnoredToolCall[];
  cost_usd: number | null;
}

/** The newest responses of every key, from `GET /v1/admin/responses`. */
export function RecentPanel({ adminKey, keys, refreshToken }: { adminKey: string; keys: ApiKeyWire[]; refreshToken: number }) {
  const [recent, setRecent] = useState<RecentResponse[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | undefined>();
  const keyName = (id: string | null) => (id === null ? '(no key)' : (keys.find((key) => key.id === id)?.name ?? id));
  useEffect(() => {
    apiJson<{ data: ResponseSummaryWire[] }>('/v1/admin/responses?limit=50', { apiKey: adminKey })
      .then((list) => {
        setRecent(
          list.data.map((entry) => ({
            id: entry.id,
            model: entry.model ?? '',
            status: entry.status ?? '',
            createdAt: entry.created_at * 1000,
            imagesGenerated: entry.images_generated,
            costUsd: entry.cost_usd,
            ignoredToolCalls: entry.ignored_tool_calls,
            keyId: entry.key_id,
          })),
        );
        setError(undefined);
      })
      .catch((failure: unknown) => setError(describeError(failure)));
  }, [adminKey, keys, refreshToken]);
  return (
    <>
    {openId && <ResponseDetail adminKey={adminKey} responseId={openId} keyName={keyName} onClose={() => setOpenId(undefined)} />}
    <section class="panel" aria-labelledby="recent-heading" data-refresh={refreshToken}>
      <h2 id="recent-heading">Recent responses</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {recent.length === 0 ? (
        <p class="hint">No stored responses yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="recent">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Response</th>
                <th scope="col">Model</th>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Images</th>
                <th scope="col">Cost</th>
                <th scope="col">Ignored tool calls</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((entry) => (
                <tr key={entry.id} data-response-id={entry.id}>
                  <td>{new Date(entry.createdAt).toLocaleString()}</td>
                  <td>
                    <button type="button" class="link response-link" title={entry.id} aria-expanded={openId === entry.id} onClick={() => setOpenId(openId === entry.id ? undefined : entry.id)}>
                      <code>…{entry.id.slice(-8)}</code> details
                    </button>
                  </td>
                  <td>{entry.model}</td>
                  <td>{keyName(entry.keyId)}</td>
                  <td>{entry.status}</td>
                  <td>{entry.imagesGenerated}</td>
                  <td>{formatUsd(entry.costUsd)}</td>
                  <td>
                    <IgnoredList calls={entry.ignoredToolCalls} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
    </>
  );
}
