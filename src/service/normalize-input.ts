import type { IdGenerator } from '../ids/id-generator.ts';
import type { ConversationItem } from '../responses/conversation/conversation-item.ts';

/**
 * The request's `input` as stored and listed by `GET /v1/responses/{id}/input_items`:
 * a string becomes one user message, messages get `type` and an id, string content becomes
 * parts. References stay references (resolved when replayed).
 */
export function normalizeInput(input: unknown, generateId: IdGenerator): ConversationItem[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') {
    return [{ id: generateId('msg'), type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  return (input as Array<Record<string, unknown>>).map((raw) => {
    const item: ConversationItem = { ...raw, type: typeof raw['type'] === 'string' ? raw['type'] : 'message' };
    if (item.type === 'message') {
      const role = item['role'];
      if (typeof item['content'] === 'string') {
        const text = item['content'];
        item['content'] = role === 'assistant' ? [{ type: 'output_text', text, annotations: [] }] : [{ type: 'input_text', text }];
      }
      item.id ??= generateId('msg');
    } else if (item.type === 'function_call_output') {
      item.id ??= generateId('fco');
    } else if (item.type === 'function_call') {
      item.id ??= generateId('fc');
    } else {
      item.id ??= generateId('msg'); // every listed input item carries an id
    }
    return item;
  });
}
