import { createHash } from 'node:crypto';
import type { LanguageModelMessage } from '../spec/language-model.ts';

/** Gives each function call of one answer its toolCallId. */
export type GeminiCallIdSource = (call: { id?: string | null | undefined; name: string; args?: unknown }) => string;

/**
 * Gemini's generateContent answers carry no call ids (the API pairs results with calls by name
 * and order), so ids are made up: `call_` + 24 hex digits of a hash of the prompt, the call's
 * position in the answer, its name and arguments. The same answer to the same prompt gets the
 * same ids (a replayed or retried answer does not invent new calls); the prompt grows every
 * step, so ids do not repeat within a conversation. An id the model did send is kept.
 */
export function geminiCallIdSource(prompt: ReadonlyArray<LanguageModelMessage>): GeminiCallIdSource {
  let seed: string | undefined;
  let position = 0;
  return (call) => {
    const index = position++;
    if (call.id) return call.id;
    seed ??= promptDigest(prompt);
    const digest = createHash('sha256').update(`${seed}\n${index}\n${call.name}\n${JSON.stringify(call.args ?? {})}`).digest('hex');
    return `call_${digest.slice(0, 24)}`;
  };
}

function promptDigest(prompt: ReadonlyArray<LanguageModelMessage>): string {
  const hash = createHash('sha256');
  for (const message of prompt) {
    hash.update(`\u0000${message.role}`);
    if (message.role === 'system') {
      hash.update(message.content);
      continue;
    }
    for (const part of message.content) {
      hash.update(`\u0001${part.type}`);
      if (part.type === 'text') hash.update(part.text);
      else if (part.type === 'image') hash.update(part.data);
      else if (part.type === 'tool-call') hash.update(`${part.toolCallId}\u0002${part.input}`);
      else hash.update(`${part.toolCallId}\u0002${part.output}`);
    }
  }
  return hash.digest('hex');
}
