import { useId, useState } from 'preact/hooks';

interface KeyFieldProps {
  label: string;
  value: string;
  onSave(value: string): void;
  placeholder: string;
}

/** An API key entered once: saved in this browser, never shown again (not even in part), replaceable. */
export function KeyField({ label, value, onSave, placeholder }: KeyFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  if (value !== '') {
    return (
      <div class="key-field saved">
        <span>{label} saved in this browser</span>
        <button type="button" class="secondary" onClick={() => onSave('')}>
          Forget key
        </button>
      </div>
    );
  }
  return (
    <form
      class="key-field"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft.trim());
        setDraft('');
      }}
    >
      <label for={id}>{label}</label>
      <input id={id} type="password" autocomplete="off" value={draft} placeholder={placeholder} onInput={(event) => setDraft(event.currentTarget.value)} />
      <button type="submit">Save key</button>
    </form>
  );
}
