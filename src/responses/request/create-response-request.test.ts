import { describe, expect, it } from 'vitest';
import type { CreateResponseRequest, InputItem } from './create-response-request.ts';
import { parseCreateResponseRequest } from './parse-create-response-request.ts';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const seed = {
  model: 'gpt-4.1',
  input: [{ role: 'user', content: 'draw a cat' }],
  tools: [{ type: 'image_generation', size: 'auto', quality: 'medium', output_format: 'jpeg', background: 'auto', moderation: 'low' }],
};

const everyInputItem: unknown[] = [
  { role: 'developer', content: 'Be brief.' },
  { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'You draw.' }] },
  {
    type: 'message',
    role: 'user',
    id: 'msg_1',
    status: 'completed',
    content: [
      { type: 'input_text', text: 'edit these', prompt_cache_breakpoint: { mode: 'explicit' } },
      { type: 'input_image', image_url: png, detail: 'high' },
      { type: 'input_image', image_url: 'https://example.com/cat.png' },
      { type: 'input_image', file_id: 'file-abc', detail: 'original' },
      { type: 'input_file', file_id: 'file-pdf', filename: 'brief.pdf' },
    ],
  },
  { role: 'assistant', content: 'Sure.', phase: 'final_answer' },
  {
    type: 'message',
    role: 'assistant',
    id: 'msg_2',
    status: 'completed',
    content: [
      { type: 'output_text', text: 'Here it is.', annotations: [], logprobs: [] },
      { type: 'refusal', refusal: 'Not that one.' },
    ],
  },
  { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking' }], encrypted_content: null },
  { type: 'image_generation_call', id: 'ig_1' },
  {
    type: 'image_generation_call',
    id: 'ig_2',
    status: 'completed',
    result: 'aGk=',
    revised_prompt: 'A cat.',
    size: '1024x1024',
    quality: 'medium',
    background: 'opaque',
    output_format: 'png',
    action: 'generate',
  },
  { type: 'item_reference', id: 'ig_0' },
  { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
  { type: 'function_call_output', call_id: 'call_1', output: '{"celsius":21}' },
  { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'done' }, { type: 'input_image', image_url: png }] },
];

const fullBody = {
  model: 'gpt-5',
  input: everyInputItem,
  instructions: 'You are an illustrator.',
  tools: [
    {
      type: 'image_generation',
      model: 'gpt-image-1.5',
      quality: 'high',
      size: '1536x1024',
      output_format: 'webp',
      output_compression: 80,
      moderation: 'auto',
      background: 'transparent',
      input_fidelity: 'high',
      input_image_mask: { image_url: png },
      partial_images: 2,
      action: 'edit',
    },
    {
      type: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      strict: true,
    },
  ],
  tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'image_generation' }, { type: 'function', name: 'get_weather' }] },
  parallel_tool_calls: false,
  max_tool_calls: 3,
  max_output_tokens: 2048,
  temperature: 0.7,
  top_p: 0.9,
  top_logprobs: 5,
  presence_penalty: 0,
  frequency_penalty: 0.5,
  previous_response_id: 'resp_123',
  store: false,
  background: false,
  stream: true,
  stream_options: { include_obfuscation: false },
  metadata: { project: 'cats', ['k'.repeat(64)]: 'v'.repeat(512) },
  text: {
    format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, description: 'An answer', strict: true },
    verbosity: 'low',
  },
  reasoning: { effort: 'low', summary: 'auto', generate_summary: null, context: 'auto', mode: 'standard' },
  include: ['reasoning.encrypted_content', 'message.output_text.logprobs'],
  user: 'user-1234',
  safety_identifier: 'hash-of-user',
  prompt_cache_key: 'cats',
  prompt_cache_retention: '24h',
  prompt_cache_options: { ttl: '30m', mode: 'implicit' },
  service_tier: 'flex',
  truncation: 'auto',
  prompt: { id: 'pmpt_1', version: '2', variables: { animal: 'cat', photo: { type: 'input_image', image_url: png } } },
  context_management: [{ type: 'compaction', compact_threshold: 200000 }],
  moderation: { model: 'omni-moderation-latest', policy: { input: { mode: 'block' }, output: null } },
  imagegate: { max_images: 2, exact_images: 1, max_cost_usd: 0.5 },
};

describe('parseCreateResponseRequest accepts good bodies unchanged', () => {
  it('the seed request', () => {
    const request: CreateResponseRequest = parseCreateResponseRequest(seed);
    expect(request).toEqual(seed);
  });

  it('a body using every field and every input item type', () => {
    expect(parseCreateResponseRequest(fullBody)).toEqual(fullBody);
  });

  it('a minimal body and string input', () => {
    expect(parseCreateResponseRequest({ model: 'gpt-4.1' })).toEqual({ model: 'gpt-4.1' });
    expect(parseCreateResponseRequest({ model: 'gpt-4.1', input: 'hi' })).toEqual({ model: 'gpt-4.1', input: 'hi' });
  });

  it('null for every nullable field', () => {
    const nulls = {
      model: 'gpt-4.1',
      instructions: null,
      tools: null,
      tool_choice: null,
      parallel_tool_calls: null,
      max_tool_calls: null,
      max_output_tokens: null,
      temperature: null,
      top_p: null,
      top_logprobs: null,
      previous_response_id: null,
      conversation: null,
      store: null,
      background: null,
      stream: null,
      stream_options: null,
      metadata: null,
      reasoning: null,
      include: null,
      safety_identifier: null,
      prompt_cache_key: null,
      prompt_cache_retention: null,
      service_tier: null,
      truncation: null,
      prompt: null,
      context_management: null,
      moderation: null,
    };
    expect(parseCreateResponseRequest(nulls)).toEqual(nulls);
  });

  it.each([
    ['none', 'none'],
    ['auto', 'auto'],
    ['required', 'required'],
    ['image_generation', { type: 'image_generation' }],
    ['a function', { type: 'function', name: 'f' }],
  ])('tool_choice %s', (_name, toolChoice) => {
    const body = { model: 'm', tools: [{ type: 'image_generation' }, { type: 'function', name: 'f' }], tool_choice: toolChoice };
    expect(parseCreateResponseRequest(body).tool_choice).toEqual(toolChoice);
  });

  it('conversation as an id or an object', () => {
    expect(parseCreateResponseRequest({ model: 'm', conversation: 'conv_1' }).conversation).toBe('conv_1');
    expect(parseCreateResponseRequest({ model: 'm', conversation: { id: 'conv_1' } }).conversation).toEqual({ id: 'conv_1' });
  });

  it('edge values of ranges', () => {
    const body = {
      model: 'm',
      temperature: 0,
      top_p: 1,
      max_output_tokens: 16,
      max_tool_calls: 1,
      imagegate: { max_images: 0 },
      tools: [{ type: 'image_generation', size: '16x3840', output_compression: 0, partial_images: 3 }],
    };
    expect(parseCreateResponseRequest(body)).toEqual(body);
  });

  it('skips the tool_choice cross-check when a prompt template may bring the tools', () => {
    const body = { model: 'm', prompt: { id: 'pmpt_1' }, tool_choice: { type: 'function', name: 'from_template' } };
    expect(parseCreateResponseRequest(body)).toEqual(body);
  });

  it('types input items as a discriminated union', () => {
    const request = parseCreateResponseRequest({ model: 'm', input: everyInputItem });
    const items: InputItem[] = Array.isArray(request.input) ? request.input : [];
    const types = items.map((item) => item.type ?? 'message');
    expect(types).toContain('image_generation_call');
    expect(types.filter((type) => type === 'message')).toHaveLength(5);
  });
});
