import type { IdGenerator } from '../ids/id-generator.ts';
import type { ConversationItem } from '../responses/conversation/conversation-item.ts';
import type { Input, InputItem } from '../responses/request/input-item-schema.ts';

/**
 * The request's `input` as stored and listed by `GET /v1/responses/{id}/input_items`:
 * a string becomes one user message, messages get `type` and an id, string content becomes
 * parts. References stay references (resolved when replayed).
 */
export function normalizeInput(input: Input | undefined, generateId: IdGenerator): ConversationItem[] {
  if (input === undefined) return [];
  if (typeof input === 'string') {
    return [{ id: generateId('msg'), type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  return input.map((raw) => normalizeItem(raw, generateId));
}

// Spreads keep the caller's fields in the caller's order; ids the caller left out go last.
function normalizeItem(raw: InputItem, generateId: IdGenerator): ConversationItem {
  switch (raw.type) {
    case 'function_call_output':
      return { ...raw, id: raw.id ?? generateId('fco') };
    case 'function_call':
      return { ...raw, id: raw.id ?? generateId('fc') };
    case 'compaction':
      return { ...raw, id: raw.id ?? generateId('cmp') };
    case 'image_generation_call':
    case 'item_reference':
    case 'reasoning':
      return raw;
    default:
      break;
  }
  // A message: `type` may be left out on the wire.
  const id = raw.id ?? generateId('msg');
  if (raw.role === 'assistant') {
    const content = typeof raw.content === 'string' ? [{ type: 'output_text' as const, text: raw.content, annotations: [] }] : raw.content;
    return { ...raw, type: 'message', content, id };
  }
  const content = typeof raw.content === 'string' ? [{ type: 'input_text' as const, text: raw.content }] : raw.content;
  return { ...raw, type: 'message', content, id };
}
