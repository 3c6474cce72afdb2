import type { ConversationItem } from '../../../src/responses/conversation/conversation-item.ts';
import type { StoredResponse } from '../../../src/storage/response-store.ts';

/** Base64 of `byteLength` deterministic bytes that start like a PNG. */
export function fakePngBase64(byteLength: number, seed = 1): string {
  const bytes = Buffer.alloc(byteLength);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  let state = seed;
  for (let index = 8; index < byteLength; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[index] = state & 0xff;
  }
  return bytes.toString('base64');
}

/** A 200 KB generated image in the output and a data-URL image in the input. */
export function sampleStoredResponse(options: { id?: string; ownerId?: string | null; seed?: number } = {}): StoredResponse {
  const id = options.id ?? 'resp_1';
  const seed = options.seed ?? 1;
  return {
    id,
    ownerId: options.ownerId === undefined ? 'tenant_a' : options.ownerId,
    previousResponseId: null,
    createdAt: 1_700_000_000,
    response: {
      id,
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      model: 'gpt-image-1',
      output: [
        {
          id: `ig_${id}`,
          type: 'image_generation_call',
          status: 'completed',
          result: fakePngBase64(200_000, seed),
          revised_prompt: 'A cat in a hat',
        },
        {
          id: `msg_out_${id}`,
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Here it is.', annotations: [] }],
        },
      ],
      tools: [{ type: 'image_generation', size: '1024x1024' }],
      error: null,
      incomplete_details: null,
      metadata: { topic: 'cats' },
      usage: { input_tokens: 10, output_tokens: 20, total_tokens: 30 },
      imagegate: { cost_usd: 0.04, note: { $blob: 'not a reference, just user data' } },
    },
    inputItems: [
      {
        id: `msg_in_${id}`,
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Draw my cat in a hat' },
          { type: 'input_image', image_url: `data:image/png;base64,${fakePngBase64(3_000, seed + 1)}`, detail: 'auto' },
        ],
      },
    ],
  };
}

/** A text-only user message input item. */
export function textInputItem(id: string, text = id): ConversationItem {
  return { id, type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}
