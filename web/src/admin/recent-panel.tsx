import { formatUsd } from '../shared/format.ts';
import { readRecentResponses } from '../shared/recent-responses.ts';
import { IGNORED_REASON_TEXT } from '../shared/wire.ts';

/** Responses made from this browser's chat (the API has no endpoint that lists responses). */
export function RecentPanel({ refreshToken }: { refreshToken: number }) {
  const recent = readRecentResponses();
  return (
    <section class="panel" aria-labelledby="recent-heading" data-refresh={refreshToken}>
      <h2 id="recent-heading">Recent responses (from this browser)</h2>
      {recent.length === 0 ? (
        <p class="hint">No responses made from this browser's chat yet.</p>
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
                    <code>{entry.id}</code>
                  </td>
                  <td>{entry.model}</td>
                  <td>
                    <code>{entry.keyPrefix || '—'}</code>
                  </td>
                  <td>{entry.status}</td>
                  <td>{entry.imagesGenerated}</td>
                  <td>{formatUsd(entry.costUsd)}</td>
                  <td>
                    {entry.ignoredToolCalls.length === 0 ? (
                      'none'
                    ) : (
                      <ul>
                        {entry.ignoredToolCalls.map((call) => (
                          <li key={call.call_id}>
                            <code>{call.reason}</code> — {IGNORED_REASON_TEXT[call.reason] ?? call.reason}
                            {call.prompt ? `: “${call.prompt}”` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
