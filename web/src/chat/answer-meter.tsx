import { formatUsd } from '../shared/format.ts';
import { IGNORED_REASON_TEXT } from '../shared/wire.ts';
import { type AnswerState, warningText } from './answer-state.ts';

/** Under each answer: images made, cost, every ignored call with its reason, every warning, the request id. */
export function AnswerMeter({ answer }: { answer: AnswerState }) {
  const info = answer.imagegate;
  if (!info && !answer.requestId) return null;
  const total = info?.cost?.total_usd ?? null;
  const warnings = (info?.warnings ?? []).map(warningText);
  return (
    <footer class="meter">
      {info && (
        <div class="meter-line">
          <span data-testid="images-made">
            Images made: <strong>{info.images_generated}</strong>
          </span>
          <span data-testid="ignored-count">
            Calls ignored: <strong>{info.ignored_tool_calls.length}</strong>
          </span>
          <span class="cost" data-testid="answer-cost" data-cost-usd={total === null ? '' : String(total)}>
            Cost: <strong>{formatUsd(total)}</strong>
          </span>
        </div>
      )}
      {info && info.ignored_tool_calls.length > 0 && (
        <ul class="ignored" aria-label="Ignored image calls">
          {info.ignored_tool_calls.map((call) => (
            <li key={call.call_id} data-reason={call.reason}>
              Ignored: {IGNORED_REASON_TEXT[call.reason] ?? call.reason} <code>{call.reason}</code>
              {call.prompt ? <> — “{call.prompt}”</> : null}
            </li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {warnings.map((warning, index) => (
            <li key={index} class="warning">
              ⚠ {warning}
            </li>
          ))}
        </ul>
      )}
      {answer.requestId && (
        <span class="request-id" data-testid="request-id">
          request <code>{answer.requestId}</code>
        </span>
      )}
    </footer>
  );
}
