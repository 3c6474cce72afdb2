/**
 * Conversations kept in this browser, per API key: the user's own words and the ids of the
 * responses that answered them. The answers themselves (text, images, cost, warnings) stay on
 * the server and are fetched again with `GET /v1/responses/{id}` after a reload.
 */
export interface StoredTurn {
  text: string;
  editing: boolean;
  /** The image an edit referenced (`image_generation_call` id), so regenerate edits the same one. */
  editItemId?: string | undefined;
  /** How many images the user attached (the data is not kept: it can be megabytes). */
  attachmentCount: number;
  /** The response this turn continued from (`previous_response_id`), so regenerate can redo it. */
  previousResponseId: string | undefined;
  responseId: string | undefined;
  /** Set when the turn failed before the server stored a response. */
  error?: string | undefined;
}

export interface StoredConversation {
  id: string;
  title: string;
  /** Unix milliseconds of the last change; the list is newest first. */
  updatedAt: number;
  turns: StoredTurn[];
}

const MAX_CONVERSATIONS = 50;

/** The storage slot of one key: its first 12 characters, the prefix the admin page shows too. */
function storageKey(apiKey: string): string {
  return `imagegate.conversations.${apiKey.trim().slice(0, 12) || 'open'}`;
}

export function loadConversations(apiKey: string): StoredConversation[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(storageKey(apiKey)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as StoredConversation[]) : [];
  } catch {
    return [];
  }
}

export function saveConversation(apiKey: string, conversation: StoredConversation): StoredConversation[] {
  const others = loadConversations(apiKey).filter((entry) => entry.id !== conversation.id);
  const list = [conversation, ...others].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, MAX_CONVERSATIONS);
  write(apiKey, list);
  return list;
}

export function deleteConversation(apiKey: string, id: string): StoredConversation[] {
  const list = loadConversations(apiKey).filter((entry) => entry.id !== id);
  write(apiKey, list);
  return list;
}

function write(apiKey: string, list: StoredConversation[]): void {
  try {
    window.localStorage.setItem(storageKey(apiKey), JSON.stringify(list));
  } catch {
    // Storage full or private mode: the conversation still works until the page closes.
  }
}

export function newConversationId(): string {
  return `conv_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A short title from the first message. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 48 ? `${line.slice(0, 47)}…` : line || 'New conversation';
}
