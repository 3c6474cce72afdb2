import { useRef, useState } from 'preact/hooks';

export interface EditTarget {
  responseId: string;
  itemId: string;
  src: string | undefined;
  alt: string;
}

interface ComposerProps {
  busy: boolean;
  editTarget: EditTarget | undefined;
  onCancelEdit(): void;
  onSend(text: string, attachments: string[]): void;
  onStop(): void;
  textareaRef: { current: HTMLTextAreaElement | null };
}

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** The message box: stays editable while an answer streams; images come by picker, paste or drop. */
export function Composer({ busy, editTarget, onCancelEdit, onSend, onStop, textareaRef }: ComposerProps) {
  const [text, setText] = useState('');
  const [attachments, setAttachments] = useState<Array<{ name: string; url: string }>>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const submit = () => {
    if (busy || text.trim() === '') return;
    onSend(text.trim(), attachments.map((attachment) => attachment.url));
    setText('');
    setAttachments([]);
    if (fileInput.current) fileInput.current.value = '';
  };

  const attach = async (files: Iterable<File>) => {
    const images = Array.from(files).filter((file) => IMAGE_TYPES.includes(file.type));
    const read = await Promise.all(images.map(async (file) => ({ name: file.name || 'pasted image', url: await readAsDataUrl(file) })));
    setAttachments((current) => [...current, ...read]);
  };

  return (
    <form
      class={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        const files = event.dataTransfer?.files;
        if (!files || files.length === 0) return;
        event.preventDefault();
        setDragging(false);
        void attach(files);
      }}
    >
      {editTarget && (
        <div class="edit-target" role="status">
          {editTarget.src && <img src={editTarget.src} alt={editTarget.alt} width={40} height={40} />}
          <span>Editing this image — describe the change.</span>
          <button type="button" class="secondary" onClick={onCancelEdit}>
            Cancel edit
          </button>
        </div>
      )}
      {attachments.length > 0 && (
        <ul class="attachments" aria-label="Attached images">
          {attachments.map((attachment, index) => (
            <li key={`${attachment.name}-${index}`}>
              <img src={attachment.url} alt={attachment.name} width={40} height={40} />
              <button type="button" class="secondary" aria-label={`Remove ${attachment.name}`} onClick={() => setAttachments((current) => current.filter((_, at) => at !== index))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="message" class="visually-hidden">
        Message
      </label>
      <div class="composer-row">
        <textarea
          id="message"
          name="message"
          ref={textareaRef}
          rows={2}
          value={text}
          placeholder={editTarget ? 'Describe the change…' : 'Describe an image, or ask for changes… (paste or drop images here)'}
          onInput={(event) => setText(event.currentTarget.value)}
          onPaste={(event) => {
            const files = event.clipboardData?.files;
            if (!files || files.length === 0) return;
            event.preventDefault();
            void attach(files);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            } else if (event.key === 'Escape' && editTarget) onCancelEdit();
          }}
        />
        <div class="composer-buttons">
          <label class="file" title="Attach images (or paste / drop them)">
            <span>Attach</span>
            <input ref={fileInput} type="file" accept={IMAGE_TYPES.join(',')} multiple aria-label="Attach images" onChange={(event) => void attach(event.currentTarget.files ?? [])} />
          </label>
          {busy ? (
            <button type="button" class="secondary" onClick={onStop}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={text.trim() === ''}>
              Send
            </button>
          )}
        </div>
      </div>
    </form>
  );
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}
