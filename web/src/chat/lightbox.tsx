import { useEffect, useRef } from 'preact/hooks';
import type { ImagePiece } from './answer-state.ts';

/** The enlarged image in a modal `<dialog>`: Escape or the button closes it, focus returns where it was. */
export function Lightbox({ image, onClose }: { image: ImagePiece | undefined; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (image && !element.open) element.showModal();
    if (!image && element.open) element.close();
  }, [image]);
  return (
    <dialog ref={dialog} class="lightbox" aria-label="Enlarged image" onClose={onClose} onClick={(event) => event.target === dialog.current && onClose()}>
      {image?.src && (
        <figure>
          <img src={image.src} alt={image.revisedPrompt ?? 'Generated image'} />
          <figcaption>
            {image.revisedPrompt && <span>{image.revisedPrompt}</span>}
            <a href={image.src} download={`${image.itemId}.${image.format}`}>
              Download
            </a>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </figcaption>
        </figure>
      )}
    </dialog>
  );
}
