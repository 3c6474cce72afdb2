import { useEffect, useRef, useState } from 'preact/hooks';
import { apiJson, describeError } from '../shared/api.ts';
import type { WireResponse } from '../shared/wire.ts';
import { type AnswerState, STREAMING_ANSWER, answerFromResponse } from './answer-state.ts';
import { type StoredConversation, type StoredTurn, loadConversations, newConversationId, saveConversation, titleFrom } from './conversation-store.ts';
import { type ChatSettings, runTurn } from './run-turn.ts';

export interface Turn extends StoredTurn {
  /** Local id for rendering. */
  key: number;
  /** Data URLs; empty after a reload (only the count is kept). */
  attachments: string[];
  answer: AnswerState;
}

export interface SendInput {
  text: string;
  attachments: string[];
  /** Set for "edit this image": the response holding it and the image item. */
  edit: { responseId: string; itemId: string } | undefined;
}

let nextKey = 1;

const SETTLE_TRIES = 20;
const SETTLE_WAIT_MILLIS = 500;

/** A response still running elsewhere (or saved a moment after its stream ended) is asked for again until it settles. */
async function fetchSettled(responseId: string, apiKey: string): Promise<WireResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await apiJson<WireResponse>(`/v1/responses/${encodeURIComponent(responseId)}`, { apiKey });
    if ((response.status !== 'in_progress' && response.status !== 'queued') || attempt >= SETTLE_TRIES) return response;
    await new Promise((resolve) => window.setTimeout(resolve, SETTLE_WAIT_MILLIS));
  }
}

/**
 * One conversation: its turns (streamed or restored from the server), kept in this browser
 * under the key, and the conversation list. Each answer continues from the last good one.
 */
export function useConversation(apiKey: string, settings: ChatSettings, onAnswered: () => void) {
  const [conversations, setConversations] = useState<StoredConversation[]>(() => loadConversations(apiKey));
  const [conversationId, setConversationId] = useState<string>(() => conversations[0]?.id ?? newConversationId());
  const [turns, setTurns] = useState<Turn[]>([]);
  const abort = useRef<AbortController | undefined>(undefined);
  const turnsRef = useRef<Turn[]>([]);
  turnsRef.current = turns;

  // A new key sees its own conversations; the newest one is opened.
  useEffect(() => {
    const list = loadConversations(apiKey);
    setConversations(list);
    open(list[0]?.id ?? newConversationId(), list);
  }, [apiKey]);

  const persist = (id: string, current: Turn[]) => {
    if (current.length === 0) return;
    const stored: StoredConversation = {
      id,
      title: titleFrom(current[0]?.text ?? ''),
      updatedAt: Date.now(),
      turns: current.map(({ text, editing, editItemId, attachmentCount, previousResponseId, answer, error }) => ({ text, editing, editItemId, attachmentCount, previousResponseId, responseId: answer.responseId, error: answer.responseId ? undefined : (answer.error ?? error) })),
    };
    setConversations(saveConversation(apiKey, stored));
  };

  /** Opens a stored conversation: its turns at once, each answer fetched again from the server. */
  const open = (id: string, list = conversations) => {
    abort.current?.abort();
    setConversationId(id);
    const stored = list.find((entry) => entry.id === id);
    const restored: Turn[] = (stored?.turns ?? []).map((turn) => ({
      ...turn,
      key: nextKey++,
      attachments: [],
      answer: turn.responseId ? { ...STREAMING_ANSWER, responseId: turn.responseId } : { ...STREAMING_ANSWER, status: 'failed', error: turn.error ?? 'This message got no answer.' },
    }));
    setTurns(restored);
    for (const turn of restored) {
      if (!turn.responseId) continue;
      fetchSettled(turn.responseId, apiKey)
        .then((response) => answerFromResponse(response))
        .catch((error: unknown): AnswerState => ({ ...STREAMING_ANSWER, status: 'failed', responseId: turn.responseId, error: `Could not load this answer: ${describeError(error)}` }))
        .then((answer) => setTurns((current) => current.map((entry) => (entry.key === turn.key ? { ...entry, answer } : entry))));
    }
  };

  const lastGoodResponseId = (list: Turn[]) => [...list].reverse().find((turn) => turn.answer.responseId && turn.answer.status !== 'failed')?.answer.responseId;

  /** Streams one answer into the turn with this key; saves the conversation when it ends. */
  const stream = (turnKey: number, text: string, attachments: string[], previousResponseId: string | undefined, editItemId: string | undefined) => {
    const controller = new AbortController();
    abort.current = controller;
    const id = conversationId;
    const update = (answer: AnswerState) => setTurns((current) => current.map((turn) => (turn.key === turnKey ? { ...turn, answer } : turn)));
    void runTurn({ apiKey, settings, text, attachments, previousResponseId, editItemId, signal: controller.signal, onState: update }).then((final) => {
      persist(id, turnsRef.current.map((turn) => (turn.key === turnKey ? { ...turn, answer: final } : turn)));
      onAnswered();
    });
  };

  const send = ({ text, attachments, edit }: SendInput) => {
    const previousResponseId = edit?.responseId ?? lastGoodResponseId(turnsRef.current);
    const turn: Turn = { key: nextKey++, text, attachments, attachmentCount: attachments.length, editing: edit !== undefined, editItemId: edit?.itemId, previousResponseId, responseId: undefined, answer: { ...STREAMING_ANSWER } };
    setTurns((current) => [...current, turn]);
    stream(turn.key, text, attachments, previousResponseId, edit?.itemId);
  };

  /** Asks the last message again, from the same point, replacing its answer. */
  const regenerate = () => {
    const last = turnsRef.current.at(-1);
    if (!last) return;
    setTurns((current) => current.map((turn) => (turn.key === last.key ? { ...turn, answer: { ...STREAMING_ANSWER } } : turn)));
    stream(last.key, last.text, last.attachments, last.previousResponseId, last.editItemId);
  };

  const startNew = () => {
    abort.current?.abort();
    setConversationId(newConversationId());
    setTurns([]);
  };

  return { conversations, conversationId, turns, send, regenerate, open, startNew, stop: () => abort.current?.abort(), setConversations };
}
