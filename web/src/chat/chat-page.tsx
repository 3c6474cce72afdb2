import { useEffect, useRef, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import { formatUsd } from '../shared/format.ts';
import { KeyField } from '../shared/key-field.tsx';
import { readStored, useStoredValue } from '../shared/stored-value.ts';
import type { AnswerState, ImagePiece } from './answer-state.ts';
import { AnswerView } from './answer-view.tsx';
import { Composer, type EditTarget } from './composer.tsx';
import { type ChatSettings, runTurn } from './run-turn.ts';
import { SettingsPanel } from './settings-panel.tsx';

interface Turn {
  id: number;
  text: string;
  attachments: string[];
  editing: boolean;
  answer: AnswerState;
}

const SETTINGS_KEY = 'imagegate.chatSettings';
const DEFAULT_SETTINGS: ChatSettings = {
  model: 'simulator',
  size: 'auto',
  quality: 'medium',
  outputFormat: 'png',
  background: 'auto',
  partialImages: 2,
  maxImages: '',
  exactMode: false,
};

/** The web chat: one conversation carried by `previous_response_id`. */
export function ChatPage() {
  const [apiKey, setApiKey] = useStoredValue('imagegate.apiKey');
  const [settings, setSettingsState] = useState<ChatSettings>(() => loadSettings());
  const [models, setModels] = useState<string[]>([]);
  const [modelsError, setModelsError] = useState<string | undefined>();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [editTarget, setEditTarget] = useState<EditTarget | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const nextId = useRef(1);

  const setSettings = (next: ChatSettings) => {
    setSettingsState(next);
    try {
      window.localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
    } catch {
      // Settings still apply to this page.
    }
  };

  useEffect(() => {
    apiJson<{ data: Array<{ id: string }> }>('/v1/models', { apiKey })
      .then((list) => {
        setModels(list.data.map((model) => model.id));
        setModelsError(undefined);
      })
      .catch((error: unknown) => setModelsError(describeError(error)));
  }, [apiKey]);

  const busy = turns.some((turn) => turn.answer.status === 'streaming');
  const lastResponseId = [...turns].reverse().find((turn) => turn.answer.responseId && turn.answer.status !== 'failed')?.answer.responseId;
  const costs = turns.map((turn) => turn.answer.imagegate?.cost?.total_usd).filter((cost): cost is number | null => cost !== undefined);
  const conversationTotal = costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0);
  const someUnknown = costs.includes(null);

  const send = (text: string, attachments: string[]) => {
    const id = nextId.current++;
    const editing = editTarget !== undefined;
    // The simulator (and real models) edit when asked to; say so when the user did not.
    const message = editing && !/\bedit/i.test(text) ? `Edit this image: ${text}` : text;
    const previousResponseId = editTarget?.responseId ?? lastResponseId;
    setEditTarget(undefined);
    const controller = new AbortController();
    abort.current = controller;
    const update = (answer: AnswerState) => setTurns((current) => current.map((turn) => (turn.id === id ? { ...turn, answer } : turn)));
    setTurns((current) => [...current, { id, text: message, attachments, editing, answer: { status: 'streaming', responseId: undefined, pieces: [], imagegate: undefined, error: undefined } }]);
    void runTurn({ apiKey, settings, text: message, attachments, previousResponseId, signal: controller.signal, onState: update });
  };

  const startEdit = (image: ImagePiece, responseId: string) => {
    setEditTarget({ responseId, itemId: image.itemId, src: image.src });
    textarea.current?.focus();
  };

  return (
    <div class="page chat">
      <header class="top">
        <h1>imagegate chat</h1>
        <nav>
          <a href="/admin">Admin</a>
        </nav>
      </header>
      <KeyField label="API key" value={apiKey} onSave={setApiKey} placeholder="ig_live_…" />
      <SettingsPanel settings={settings} models={models} modelsError={modelsError} onChange={setSettings} />
      <main>
        <section class="conversation" role="log" aria-live="polite" aria-label="Conversation">
          {turns.length === 0 && <p class="hint">Ask for a picture, e.g. “Draw a lighthouse on a cliff at sunset.”</p>}
          {turns.map((turn) => (
            <div class="turn" key={turn.id} data-turn={turn.id}>
              <div class="user-message">
                <span class="who">You{turn.editing ? ' (edit)' : ''}:</span> {turn.text}
                {turn.attachments.map((url, index) => (
                  <img key={index} class="thumb" src={url} alt={`Attachment ${index + 1}`} />
                ))}
              </div>
              <AnswerView answer={turn.answer} onEdit={startEdit} />
            </div>
          ))}
        </section>
        <p class="conversation-total" data-testid="conversation-total" data-total-usd={String(conversationTotal)}>
          Conversation total: <strong>{formatUsd(conversationTotal)}</strong>
          {someUnknown && ' (plus responses with unknown prices)'}
          {turns.length > 0 && (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => {
                setTurns([]);
                setEditTarget(undefined);
              }}
            >
              New conversation
            </button>
          )}
        </p>
        <Composer busy={busy} editTarget={editTarget} onCancelEdit={() => setEditTarget(undefined)} onSend={send} onStop={() => abort.current?.abort()} textareaRef={textarea} />
      </main>
    </div>
  );
}

function loadSettings(): ChatSettings {
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(readStored(SETTINGS_KEY) ?? '{}') as Partial<ChatSettings>) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}
