import type { AnswerState, ImagePiece } from './answer-state.ts';
import { AnswerMeter } from './answer-meter.tsx';
import { Markdown } from './markdown.tsx';

interface AnswerViewProps {
  answer: AnswerState;
  onEdit(image: ImagePiece, responseId: string): void;
  onEnlarge(image: ImagePiece): void;
  /** Set on the last answer only: asks the same question again from the same point. */
  onRegenerate: (() => void) | undefined;
}

/** One assistant answer: images in a grid (partials refine in place), text as markdown, then what it made, cost and why. */
export function AnswerView({ answer, onEdit, onEnlarge, onRegenerate }: AnswerViewProps) {
  const streaming = answer.status === 'streaming';
  const images = answer.pieces.filter((piece): piece is ImagePiece => piece.kind === 'image');
  return (
    <article class="answer" data-status={answer.status} data-response-id={answer.responseId ?? ''} aria-busy={streaming}>
      {images.length > 0 && (
        <div class="image-grid" data-count={images.length}>
          {images.map((image) => (
            <ImageView key={image.itemId} image={image} responseId={answer.responseId} streaming={streaming} onEdit={onEdit} onEnlarge={onEnlarge} />
          ))}
        </div>
      )}
      {answer.pieces.map((piece) =>
        piece.kind === 'text' && piece.text !== '' ? (
          <div class="answer-text" key={piece.itemId}>
            <Markdown text={piece.text} />
          </div>
        ) : null,
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
      <AnswerMeter answer={answer} />
      {onRegenerate && !streaming && (
        <div class="answer-actions">
          <button type="button" class="secondary" onClick={onRegenerate}>
            Regenerate
          </button>
        </div>
      )}
    </article>
  );
}

interface ImageViewProps {
  image: ImagePiece;
  responseId: string | undefined;
  streaming: boolean;
  onEdit: AnswerViewProps['onEdit'];
  onEnlarge: AnswerViewProps['onEnlarge'];
}

function ImageView({ image, responseId, streaming, onEdit, onEnlarge }: ImageViewProps) {
  const alt = image.final ? (image.revisedPrompt ?? 'Generated image') : `Image in progress (partial ${image.partialCount})`;
  return (
    <figure class="image" data-item-id={image.itemId} data-final={String(image.final)} data-partials={String(image.partialCount)}>
      {image.src ? (
        <button type="button" class="image-open" aria-label={`Enlarge: ${alt}`} disabled={!image.final} onClick={() => onEnlarge(image)}>
          <img src={image.src} alt={alt} />
        </button>
      ) : (
        <div class="image-placeholder" role="img" aria-label="Image being generated" />
      )}
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
