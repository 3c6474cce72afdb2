import { formatUsd } from '../shared/format.ts';
import { IGNORED_REASON_TEXT } from '../shared/wire.ts';
import type { AnswerState, ImagePiece } from './answer-state.ts';

interface AnswerViewProps {
  answer: AnswerState;
  onEdit(image: ImagePiece, responseId: string): void;
}

/** One assistant answer: text, images (partials refine in place), then what it made and cost. */
export function AnswerView({ answer, onEdit }: AnswerViewProps) {
  const streaming = answer.status === 'streaming';
  return (
    <article class="answer" data-status={answer.status} data-response-id={answer.responseId ?? ''} aria-busy={streaming}>
      {answer.pieces.map((piece) =>
        piece.kind === 'text' ? (
          <p class="answer-text" key={piece.itemId}>
            {piece.text}
          </p>
        ) : (
          <ImageView key={piece.itemId} image={piece} responseId={answer.responseId} streaming={streaming} onEdit={onEdit} />
        ),
      )}
      {streaming && (
        <p class="working" role="status">
          <span class="spinner" aria-hidden="true" /> Working…
        </p>
      )}
      {answer.error && (
        <p class="error" role="alert">
          {answer.error}
        </p>
      )}
      {answer.imagegate && <AnswerMeter answer={answer} />}
    </article>
  );
}

function ImageView({ image, responseId, streaming, onEdit }: { image: ImagePiece; responseId: string | undefined; streaming: boolean; onEdit: AnswerViewProps['onEdit'] }) {
  const label = image.final ? 'Generated image' : `Image in progress (partial ${image.partialCount})`;
  return (
    <figure class="image" data-item-id={image.itemId} data-final={String(image.final)} data-partials={String(image.partialCount)}>
      {image.src ? <img src={image.src} alt={label} /> : <div class="image-placeholder" role="img" aria-label="Image being generated" />}
      <figcaption>
        {image.final ? (
          <>
            {image.src && (
              <a href={image.src} download={`${image.itemId}.${image.format}`}>
                Download
              </a>
            )}
            {responseId && (
              <button type="button" class="secondary" disabled={streaming} onClick={() => onEdit(image, responseId)}>
                Edit this image
              </button>
            )}
          </>
        ) : (
          <span>{image.partialCount > 0 ? `Refining… (partial ${image.partialCount})` : 'Generating…'}</span>
        )}
      </figcaption>
    </figure>
  );
}

function AnswerMeter({ answer }: { answer: AnswerState }) {
  const info = answer.imagegate;
  if (!info) return null;
  const total = info.cost?.total_usd ?? null;
  return (
    <footer class="meter">
      <span data-testid="images-made">
        Images made: <strong>{info.images_generated}</strong>
      </span>
      <span data-testid="ignored-count">
        Calls ignored: <strong>{info.ignored_tool_calls.length}</strong>
      </span>
      <span class="cost" data-testid="answer-cost" data-cost-usd={total === null ? '' : String(total)}>
        Cost: <strong>{formatUsd(total)}</strong>
      </span>
      {info.ignored_tool_calls.length > 0 && (
        <details class="ignored">
          <summary>Why calls were ignored</summary>
          <ul>
            {info.ignored_tool_calls.map((call) => (
              <li key={call.call_id} data-reason={call.reason}>
                <code>{call.reason}</code> — {IGNORED_REASON_TEXT[call.reason] ?? call.reason}
                {call.prompt ? <>: “{call.prompt}”</> : null}
              </li>
            ))}
          </ul>
        </details>
      )}
    </footer>
  );
}
