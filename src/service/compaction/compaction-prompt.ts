import type { LanguageModelMessage } from '../../providers/spec/language-model.ts';

/**
 * The request that ends a compaction prompt, after the conversation itself. Its first words are
 * also how the offline simulator knows it is asked for a summary (providers/simulator/summarize-conversation.ts).
 */
export const COMPACTION_REQUEST = [
  'CONTEXT CHECKPOINT COMPACTION.',
  'The conversation above will be replaced by your summary, and a model that sees only the summary and the user messages will continue it.',
  'Write that summary: what the user wants, every fact, decision, name and number agreed, what was done (name each generated image by its id and what it shows), and what is still open.',
  'Reply with the summary only, in plain text.',
].join(' ');

/** The prompt of a compaction step: the conversation as the loop would replay it, then the request for a summary. */
export function compactionPrompt(conversation: ReadonlyArray<LanguageModelMessage>): LanguageModelMessage[] {
  return [...conversation, { role: 'user', content: [{ type: 'text', text: COMPACTION_REQUEST }] }];
}
