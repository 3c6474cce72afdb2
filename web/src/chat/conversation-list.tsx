import type { StoredConversation } from './conversation-store.ts';

interface ConversationListProps {
  conversations: StoredConversation[];
  currentId: string;
  busy: boolean;
  onOpen(id: string): void;
  onNew(): void;
}

/** The key's conversations, newest first; collapsible (and collapsed by default on a phone). */
export function ConversationList({ conversations, currentId, busy, onOpen, onNew }: ConversationListProps) {
  return (
    <nav class="conversation-list" aria-label="Conversations">
      <details open={window.matchMedia?.('(min-width: 900px)').matches ?? true}>
        <summary>Conversations ({conversations.length})</summary>
        <button type="button" class="secondary new-conversation" disabled={busy} onClick={onNew}>
          New conversation
        </button>
        <ul>
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                class="link"
                aria-current={conversation.id === currentId ? 'true' : undefined}
                disabled={busy && conversation.id !== currentId}
                onClick={() => onOpen(conversation.id)}
                title={new Date(conversation.updatedAt).toLocaleString()}
              >
                {conversation.title}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
