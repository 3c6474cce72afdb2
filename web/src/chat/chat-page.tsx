import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, apiJson, describeError } from '../shared/api.ts';
import { formatUsd } from '../shared/format.ts';
import { KeyField } from '../shared/key-field.tsx';
import { readStored, useStoredValue } from '../shared/stored-value.ts';
import type { ImagePiece } from './answer-state.ts';
import { AnswerView } from './answer-view.tsx';
import { BudgetIndicator } from './budget-indicator.tsx';
import { Composer, type EditTarget } from './composer.tsx';
import { ConversationList } from './conversation-list.tsx';
import { useFollowScroll } from './follow-scroll.ts';
import { Lightbox } from './lightbox.tsx';
import type { ChatSettings } from './run-turn.ts';
import { SettingsPanel } from './settings-panel.tsx';
import { useConversation } from './use-conversation.ts';

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

/** The web chat: conversations carried by `previous_response_id`, listed per key, kept across reloads. */
export function ChatPage() {
  const [apiKey, setApiKey] = useStoredValue('imagegate.apiKey');
  const [settings, setSettingsState] = useState<ChatSettings>(() => loadSettings());
  const [models, setModels] = useState<string[]>([]);
  const [modelsError, setModelsError] = useState<string | undefined>();
  const [editTarget, setEditTarget] = useState<EditTarget | undefined>();
  const [enlarged, setEnlarged] = useState<ImagePiece | undefined>();
  const [budgetToken, setBudgetToken] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const scroller = useFollowScroll<HTMLElement>();
  const chat = useConversation(apiKey, settings, () => setBudgetToken((token) => token + 1));

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
      // Before a key is entered a 401 is expected, not news: the key field already asks for one.
      .catch((error: unknown) => setModelsError(apiKey === '' && error instanceof ApiFailure && error.status === 401 ? undefined : describeError(error)));
  }, [apiKey]);

  const saveKey = (value: string) => {
    setApiKey(value);
    // Saved: the next thing to do is write. Forgotten: enter another key.
    window.setTimeout(() => (value === '' ? document.querySelector<HTMLInputElement>('.key-field input')?.focus() : textarea.current?.focus()), 0);
  };

  const { turns } = chat;
  const busy = turns.some((turn) => turn.answer.status === 'streaming');
  const costs = turns.map((turn) => turn.answer.imagegate?.cost?.total_usd).filter((cost): cost is number | null => cost !== undefined);
  const conversationTotal = costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0);

  const send = (text: string, attachments: string[]) => {
    chat.send({ text, attachments, edit: editTarget && { responseId: editTarget.responseId, itemId: editTarget.itemId } });
    setEditTarget(undefined);
    scroller.follow();
  };
  const startEdit = (image: ImagePiece, responseId: string) => {
    setEditTarget({ responseId, itemId: image.itemId, src: image.src, alt: image.revisedPrompt ?? 'the image to edit' });
    textarea.current?.focus();
  };
  const closeLightbox = () => setEnlarged(undefined);

  return (
    <div class="chat-app">
      <header class="chat-top">
        <h1>imagegate</h1>
        <KeyField label="API key" value={apiKey} onSave={saveKey} placeholder="ig_live_… (empty on an open server)" />
        <BudgetIndicator apiKey={apiKey} refreshToken={budgetToken} />
        <nav>
          <a href="/admin">Admin</a>
        </nav>
      </header>
      <ConversationList
        conversations={chat.conversations}
        currentId={chat.conversationId}
        busy={busy}
        onOpen={(id) => {
          setEditTarget(undefined);
          chat.open(id);
        }}
        onNew={() => {
          setEditTarget(undefined);
          chat.startNew();
          textarea.current?.focus();
        }}
      />
      <main class="chat-main">
        <SettingsPanel settings={settings} models={models} modelsError={modelsError} onChange={setSettings} />
        <section class="conversation" ref={scroller.ref} role="log" aria-live="polite" aria-label="Conversation">
          <div class="conversation-inner">
            {turns.length === 0 && <p class="hint">{apiKey === '' ? 'Enter your API key above, then ' : ''}Ask for a picture, e.g. “Draw a lighthouse on a cliff at sunset.”</p>}
            {turns.map((turn, index) => (
              <div class="turn" key={turn.key}>
                <div class="user-message">
                  <span class="who">You{turn.editing ? ' (edit)' : ''}:</span> {turn.text}
                  {turn.attachments.map((url, at) => (
                    <img key={at} class="thumb" src={url} alt={`Attachment ${at + 1}`} />
                  ))}
                  {turn.attachments.length === 0 && turn.attachmentCount > 0 && <span class="hint"> ({turn.attachmentCount} image(s) attached)</span>}
                </div>
                <AnswerView answer={turn.answer} onEdit={startEdit} onEnlarge={setEnlarged} onRegenerate={index === turns.length - 1 && !busy ? chat.regenerate : undefined} />
              </div>
            ))}
            {turns.length > 0 && (
              <p class="conversation-total" data-testid="conversation-total" data-total-usd={String(conversationTotal)}>
                Conversation total: <strong>{formatUsd(conversationTotal)}</strong>
                {costs.includes(null) && ' (plus responses with unknown prices)'}
              </p>
            )}
          </div>
        </section>
        <Composer busy={busy} editTarget={editTarget} onCancelEdit={() => setEditTarget(undefined)} onSend={send} onStop={chat.stop} textareaRef={textarea} />
      </main>
      <Lightbox image={enlarged} onClose={closeLightbox} />
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
