import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';

/**
 * An item as a conversation lists it: OpenAI's ConversationItem requires `status` on messages
 * and function calls and `detail` on input images, which a request may leave out. They are
 * added (`completed`, `auto`, as OpenAI answers); everything the caller sent is kept.
 */
export function asConversationItem(item: ConversationItem): ConversationItem {
  if (item.type === 'message') {
    const withStatus = 'status' in item ? item : { ...item, status: 'completed' };
    if (withStatus.role === 'assistant') return withStatus;
    return { ...withStatus, content: withStatus.content.map((part) => (part.type === 'input_image' && part.detail === undefined ? { ...part, detail: 'auto' } : part)) };
  }
  if (item.type === 'function_call' || item.type === 'function_call_output') return 'status' in item ? item : { ...item, status: 'completed' };
  return item;
}
