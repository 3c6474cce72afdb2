import { useRef, useState } from 'preact/hooks';

export interface EditTarget {
  responseId: string;
  itemId: string;
  src: string | undefined;
}

interface ComposerProps {
  busy: boolean;
  editTarget: EditTarget | undefined;
  onCancelEdit(): void;
  onSend(text: string, attachments: string[]): void;
  onStop(): void;
  textareaRef: { current: HTMLTextAreaElement | null };
}

/** The message box: stays editable while an answer streams; only sending waits. */
export function Composer({ busy, editTarget, onCancelEdit, onSend, onStop, textareaRef }: ComposerProps) {
  const [text, setText] = useState('');
  const [attachments, setAttachments] = useState<Array<{ name: string; url: string }>>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  const submit = () => {
    if (busy || text.trim() === '') return;
    onSend(text.trim(), attachments.map((attachment) => attachment.url));
    setText('');
    setAttachments([]);
    if (fileInput.current) fileInput.current.value = '';
  };

  const attach = async (files: FileList | null) => {
    const read = await Promise.all(Array.from(files ?? []).map(async (file) => ({ name: file.name, url: await readAsDataUrl(file) })));
    setAttachments((current) => [...current, ...read]);
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {editTarget && (
        <div class="edit-target" role="status">
          {editTarget.src && <img src={editTarget.src} alt="" width={40} height={40} />}
          <span>Editing this image — describe the change.</span>
          <button type="button" class="secondary" onClick={onCancelEdit}>
            Cancel edit
          </button>
        </div>
      )}
      <label for="message">Message</label>
      <textarea
        id="message"
        name="message"
        ref={textareaRef}
        rows={3}
        value={text}
        placeholder="Describe an image, or ask for changes…"
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <div class="composer-row">
        <label class="file">
          Attach images
          <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/webp,image/gif" multiple onChange={(event) => void attach(event.currentTarget.files)} />
        </label>
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
        <span class="spacer" />
        {busy && (
          <button type="button" class="secondary" onClick={onStop}>
            Stop
          </button>
        )}
        <button type="submit" disabled={busy || text.trim() === ''} title={busy ? 'Waiting for the current answer' : undefined}>
          {busy ? 'Answering…' : 'Send'}
        </button>
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
