import { describe, expect, it } from 'vitest';
import { asConversationItem } from './as-conversation-item.ts';

describe('asConversationItem', () => {
  it("fills what OpenAI's ConversationItem requires and the request left out", () => {
    expect(
      asConversationItem({ id: 'msg_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'https://x.test/a.png' }] }),
    ).toEqual({ id: 'msg_1', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'auto' }] });
    expect(asConversationItem({ id: 'fc_1', type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' })).toMatchObject({ status: 'completed' });
    expect(asConversationItem({ id: 'fco_1', type: 'function_call_output', call_id: 'c', output: 'ok' })).toMatchObject({ status: 'completed' });
  });

  it('keeps what was sent', () => {
    const item = { id: 'msg_1', type: 'message' as const, role: 'assistant' as const, status: 'incomplete', content: [{ type: 'output_text' as const, text: 'a' }] };
    expect(asConversationItem(item)).toBe(item);
    const generated = { id: 'ig_1', type: 'image_generation_call' as const, status: 'completed', result: 'AAAA' };
    expect(asConversationItem(generated)).toBe(generated);
  });
});
