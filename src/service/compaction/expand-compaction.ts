import { invalidRequest } from '../../errors/api-error.ts';
import type { ConversationInput } from '../../loop/conversation/items-to-messages.ts';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import type { ResponseStore } from '../../storage/response-store.ts';
import { type LocalResponses, resolveReference } from '../load-history.ts';
import type { CompactionSeal } from './compaction-seal.ts';

/** The words that introduce a compaction's summary to the model that continues the conversation. */
export const SUMMARY_PREFIX = 'Summary of the earlier conversation (compacted):';

export interface CompactionReader {
  seal: CompactionSeal;
  store: ResponseStore;
  /** The key replaying the conversation: only its own compaction items open, only its own images load. */
  ownerId: string | null;
  /** A WebSocket connection's `store: false` responses, where kept images may live too. */
  localResponses?: LocalResponses | undefined;
}

/**
 * Replays a compaction item as what the model reads in its place: the summary as a developer
 * note, then each image it kept (loaded from the store, so the image tool can edit it). Other
 * items pass through. An item this key cannot open is a 400 naming its `encrypted_content`; in
 * history (param undefined) it was opened once already and is skipped if it no longer opens.
 */
export async function expandCompaction(entry: ConversationInput, reader: CompactionReader): Promise<ConversationInput[]> {
  const { item, param } = entry;
  if (item.type !== 'compaction') return [entry];
  const content = reader.seal.open(item.encrypted_content, reader.ownerId);
  if (content === undefined) {
    if (param === undefined) return [];
    throw invalidRequest(
      `The encrypted content of compaction item '${item.id}' could not be verified: it was altered, or made by another API key or server.`,
      `${param}.encrypted_content`,
      'invalid_encrypted_content',
    );
  }
  const note: ConversationItem = { type: 'message', id: item.id, role: 'developer', content: [{ type: 'input_text', text: `${SUMMARY_PREFIX}\n${content.summary}` }] };
  const expanded: ConversationInput[] = [{ item: note, param }];
  for (const imageId of content.imageIds) {
    // An image deleted since (its response was deleted) is left out; the summary still names it.
    const found = await resolveReference(reader.store, { type: 'item_reference', id: imageId }, reader.ownerId, undefined, reader.localResponses);
    if (found?.type === 'image_generation_call' && typeof found.result === 'string') expanded.push({ item: found, param: undefined });
  }
  return expanded;
}
