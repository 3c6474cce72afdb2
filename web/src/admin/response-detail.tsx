import { useEffect, useRef, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatTime, formatUsd } from '../shared/format.ts';
import { IGNORED_REASON_TEXT, type IgnoredToolCall, type WireResponse } from '../shared/wire.ts';

interface DetailWire {
  key_id: string | null;
  response: WireResponse & { imagegate?: { cost?: { lines?: Array<{ kind: string; model?: string; cost_usd: number | null; item_id?: string }> } } };
  input_items: Array<{ type?: string; role?: string; content?: string | Array<{ type: string; text?: string }> }>;
}

/** One response in full, from `GET /v1/admin/responses/{id}`: prompt, images, answer, warnings, ignored calls, cost lines. */
export function ResponseDetail({ adminKey, responseId, keyName, onClose }: { adminKey: string; responseId: string; keyName(id: string | null): string; onClose(): void }) {
  const [detail, setDetail] = useState<DetailWire | undefined>();
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setDetail(undefined);
    apiJson<DetailWire>(`/v1/admin/responses/${encodeURIComponent(responseId)}`, { apiKey: adminKey })
      .then((loaded) => {
        setDetail(loaded);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(describeError(failure)));
    heading.current?.focus();
  }, [adminKey, responseId]);

  const response = detail?.response;
  const info = response?.imagegate;
  const prompt = (detail?.input_items ?? [])
    .filter((item) => item.role === 'user')
    .map((item) => (typeof item.content === 'string' ? item.content : (item.content ?? []).map((part) => part.text ?? '').join(' ')))
    .join('\n');
  const images = (response?.output ?? []).filter((item) => item.type === 'image_generation_call' && item.result);
  const text = (response?.output ?? []).filter((item) => item.type === 'message').flatMap((item) => (item.content ?? []).map((part) => part.text ?? '')).join('\n');
  return (
    <section class="panel response-detail" aria-labelledby="detail-heading" data-response-id={responseId}>
      <h2 id="detail-heading" tabIndex={-1} ref={heading}>
        Response <code>{responseId}</code>
      </h2>
      <button type="button" class="secondary" onClick={onClose}>
        Close detail
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {response && (
        <dl class="detail">
          <dt>Key</dt>
          <dd>{keyName(detail.key_id)}</dd>
          <dt>When</dt>
          <dd>{formatTime(response.created_at)}</dd>
          <dt>Model · status</dt>
          <dd>
            {response.model} · {response.status}
            {response.incomplete_details?.reason ? ` (${response.incomplete_details.reason})` : ''}
          </dd>
          <dt>Prompt</dt>
          <dd class="prompt">{prompt || '—'}</dd>
          <dt>Images ({images.length})</dt>
          <dd class="thumbnails">
            {images.map((item) => (
              <a key={item.id} href={`data:image/${item.output_format ?? 'png'};base64,${item.result ?? ''}`} target="_blank" rel="noreferrer">
                <img src={`data:image/${item.output_format ?? 'png'};base64,${item.result ?? ''}`} alt={item.revised_prompt ?? 'Generated image'} width={96} height={96} />
              </a>
            ))}
          </dd>
          <dt>Answer</dt>
          <dd class="answer-text">{text || '—'}</dd>
          <dt>Warnings</dt>
          <dd>
            <ul class="warnings">{(info?.warnings ?? []).map((warning, index) => <li key={index}>{typeof warning === 'object' && warning !== null && 'message' in warning ? String(warning.message) : String(warning)}</li>)}</ul>
            {(info?.warnings ?? []).length === 0 && 'none'}
          </dd>
          <dt>Ignored calls</dt>
          <dd>
            <IgnoredList calls={info?.ignored_tool_calls ?? []} />
          </dd>
          <dt>Cost {formatUsd(info?.cost?.total_usd)}</dt>
          <dd>
            <ul class="cost-lines">
              {(info?.cost?.lines ?? []).map((line, index) => (
                <li key={index}>
                  {line.kind}
                  {line.model ? ` (${line.model})` : ''}: {formatUsd(line.cost_usd)}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
    </section>
  );
}

export function IgnoredList({ calls }: { calls: IgnoredToolCall[] }) {
  if (calls.length === 0) return <>none</>;
  return (
    <ul class="ignored">
      {calls.map((call) => (
        <li key={call.call_id} data-reason={call.reason}>
          <code>{call.reason}</code> — {IGNORED_REASON_TEXT[call.reason] ?? call.reason}
          {call.prompt ? `: “${call.prompt}”` : ''}
        </li>
      ))}
    </ul>
  );
}
