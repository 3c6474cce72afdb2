import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/api-error.ts';
import { parseCreateResponseRequest } from './parse-create-response-request.ts';

const base = { model: 'gpt-4.1', input: 'draw a cat' };
const png = 'data:image/png;base64,iVBORw0KGgo=';
const withTools = (...tools: unknown[]) => ({ ...base, tools });
const imageTool = (fields: Record<string, unknown>) => withTools({ type: 'image_generation', ...fields });
const userParts = (...content: unknown[]) => ({ ...base, input: [{ role: 'user', content }] });

function parseError(body: unknown): ApiError {
  try {
    parseCreateResponseRequest(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(body)}`);
}

// [name, body, param, code]
const badBodies: Array<[string, unknown, string | null, string]> = [
  ['body is a string', 'hello', null, 'invalid_type'],
  ['body is an array', [], null, 'invalid_type'],
  ['missing model', { input: 'x' }, 'model', 'missing_required_parameter'],
  ['model is a number', { model: 4 }, 'model', 'invalid_type'],
  ['model is empty', { model: '' }, 'model', 'empty_string'],
  ['unknown top-level key', { ...base, foo: 1 }, 'foo', 'unknown_parameter'],
  ['temperature 3', { ...base, temperature: 3 }, 'temperature', 'decimal_above_max_value'],
  ['temperature "hot"', { ...base, temperature: 'hot' }, 'temperature', 'invalid_type'],
  ['top_p -1', { ...base, top_p: -1 }, 'top_p', 'decimal_below_min_value'],
  ['max_output_tokens 5', { ...base, max_output_tokens: 5 }, 'max_output_tokens', 'integer_below_min_value'],
  ['max_output_tokens 20.5', { ...base, max_output_tokens: 20.5 }, 'max_output_tokens', 'invalid_type'],
  ['max_tool_calls 0', { ...base, max_tool_calls: 0 }, 'max_tool_calls', 'integer_below_min_value'],
  ['top_logprobs 21', { ...base, top_logprobs: 21 }, 'top_logprobs', 'integer_above_max_value'],
  ['parallel_tool_calls "yes"', { ...base, parallel_tool_calls: 'yes' }, 'parallel_tool_calls', 'invalid_type'],
  ['store 1', { ...base, store: 1 }, 'store', 'invalid_type'],
  ['background without store', { ...base, background: true, store: false }, 'background', 'invalid_value'],
  ['stream "true"', { ...base, stream: 'true' }, 'stream', 'invalid_type'],
  ['stream_options without stream', { ...base, stream_options: { include_obfuscation: false } }, 'stream_options', 'invalid_value'],
  ['stream_options.foo', { ...base, stream: true, stream_options: { foo: 1 } }, 'stream_options.foo', 'unknown_parameter'],
  ['include bogus', { ...base, include: ['bogus'] }, 'include[0]', 'invalid_value'],
  ['input is an object', { ...base, input: { role: 'user' } }, 'input', 'invalid_type'],
  ['input is a number', { ...base, input: 3 }, 'input', 'invalid_type'],
  ['input item is a number', { ...base, input: [5] }, 'input[0]', 'invalid_type'],
  ['input item type bogus', { ...base, input: [{ type: 'bogus' }] }, 'input[0].type', 'invalid_value'],
  ['input item of an unsupported tool', { ...base, input: [{ type: 'web_search_call', id: 'ws_1' }] }, 'input[0].type', 'invalid_value'],
  ['message without role', { ...base, input: [{ content: 'x' }] }, 'input[0].role', 'missing_required_parameter'],
  ['message role bogus', { ...base, input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', 'invalid_value'],
  ['message without content', { ...base, input: [{ role: 'user' }] }, 'input[0].content', 'missing_required_parameter'],
  ['message unknown key', { ...base, input: [{ role: 'user', content: 'x', name: 'bob' }] }, 'input[0].name', 'unknown_parameter'],
  ['content part type bogus', userParts({ type: 'bogus' }), 'input[0].content[0].type', 'invalid_value'],
  ['input_text without text', userParts({ type: 'input_text' }), 'input[0].content[0].text', 'missing_required_parameter'],
  ['assistant with input_text', { ...base, input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] }, 'input[0].content[0].type', 'invalid_value'],
  ['input_image ftp url', userParts({ type: 'input_text', text: 'x' }, { type: 'input_image', image_url: 'ftp://a/b.png' }), 'input[0].content[1].image_url', 'invalid_image_url'],
  ['input_image plain text url', userParts({ type: 'input_image', image_url: 'cat.png' }), 'input[0].content[0].image_url', 'invalid_image_url'],
  ['input_image bad base64', userParts({ type: 'input_image', image_url: 'data:image/png;base64,@@not base64@@' }), 'input[0].content[0].image_url', 'invalid_base64_image'],
  ['input_image empty base64', userParts({ type: 'input_image', image_url: 'data:image/png;base64,' }), 'input[0].content[0].image_url', 'invalid_base64_image'],
  ['input_image non-image data url', userParts({ type: 'input_image', image_url: 'data:text/plain;base64,aGk=' }), 'input[0].content[0].image_url', 'invalid_image_url'],
  ['input_image without url or file', userParts({ type: 'input_image', detail: 'auto' }), 'input[0].content[0].image_url', 'missing_required_parameter'],
  ['input_image detail bogus', userParts({ type: 'input_image', image_url: png, detail: 'max' }), 'input[0].content[0].detail', 'invalid_value'],
  ['function_call without call_id', { ...base, input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', 'missing_required_parameter'],
  ['function_call_output output number', { ...base, input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] }, 'input[0].output', 'invalid_type'],
  ['image_generation_call without id', { ...base, input: [{ type: 'image_generation_call' }] }, 'input[0].id', 'missing_required_parameter'],
  ['item_reference with extra key', { ...base, input: [{ type: 'item_reference', id: 'ig_1', result: 'x' }] }, 'input[0].result', 'unknown_parameter'],
  ['tools is an object', { ...base, tools: { type: 'image_generation' } }, 'tools', 'invalid_type'],
  ['tool without type', withTools({ size: 'auto' }), 'tools[0].type', 'missing_required_parameter'],
  ['tools[0].n', imageTool({ n: 2 }), 'tools[0].n', 'unknown_parameter'],
  ['tools[0].foo', imageTool({ foo: true }), 'tools[0].foo', 'unknown_parameter'],
  ['size "999"', imageTool({ size: '999' }), 'tools[0].size', 'invalid_value'],
  ['size too large', imageTool({ size: '4096x4096' }), 'tools[0].size', 'invalid_value'],
  ['size too small', imageTool({ size: '8x8' }), 'tools[0].size', 'invalid_value'],
  ['size a number', imageTool({ size: 1024 }), 'tools[0].size', 'invalid_type'],
  ['quality "ultra"', imageTool({ quality: 'ultra' }), 'tools[0].quality', 'invalid_value'],
  ['output_format gif', imageTool({ output_format: 'gif' }), 'tools[0].output_format', 'invalid_value'],
  ['partial_images 4', imageTool({ partial_images: 4 }), 'tools[0].partial_images', 'integer_above_max_value'],
  ['output_compression 101', imageTool({ output_compression: 101 }), 'tools[0].output_compression', 'integer_above_max_value'],
  ['output_compression -1', imageTool({ output_compression: -1 }), 'tools[0].output_compression', 'integer_below_min_value'],
  ['moderation high', imageTool({ moderation: 'high' }), 'tools[0].moderation', 'invalid_value'],
  ['action bogus', imageTool({ action: 'paint' }), 'tools[0].action', 'invalid_value'],
  ['input_image_mask extra key', imageTool({ input_image_mask: { url: png } }), 'tools[0].input_image_mask.url', 'unknown_parameter'],
  ['input_image_mask bad url', imageTool({ input_image_mask: { image_url: 'mask.png' } }), 'tools[0].input_image_mask.image_url', 'invalid_image_url'],
  ['transparent + jpeg', imageTool({ background: 'transparent', output_format: 'jpeg' }), 'tools[0].background', 'invalid_value'],
  ['two image_generation tools', withTools({ type: 'function', name: 'f' }, { type: 'image_generation' }, { type: 'image_generation' }), 'tools[2].type', 'invalid_value'],
  ['unsupported tool type', withTools({ type: 'web_search' }), 'tools[0].type', 'unsupported_tool'],
  ['unknown tool type', withTools({ type: 'teleport' }), 'tools[0].type', 'invalid_value'],
  ['function without name', withTools({ type: 'function', parameters: {} }), 'tools[0].name', 'missing_required_parameter'],
  ['bad function name', withTools({ type: 'function', name: 'get weather' }), 'tools[0].name', 'invalid_value'],
  ['function named image_generation', withTools({ type: 'function', name: 'image_generation' }), 'tools[0].name', 'invalid_value'],
  ['function parameters an array', withTools({ type: 'function', name: 'f', parameters: [] }), 'tools[0].parameters', 'invalid_type'],
  ['duplicate function names', withTools({ type: 'function', name: 'f' }, { type: 'function', name: 'f' }), 'tools[1].name', 'invalid_value'],
  ['tool_choice bogus', { ...base, tool_choice: 'always' }, 'tool_choice', 'invalid_value'],
  ['tool_choice forcing an absent function', { ...withTools({ type: 'function', name: 'f' }), tool_choice: { type: 'function', name: 'g' } }, 'tool_choice', 'invalid_value'],
  ['tool_choice forcing an absent image tool', { ...base, tool_choice: { type: 'image_generation' } }, 'tool_choice', 'invalid_value'],
  ['tool_choice required without tools', { ...base, tool_choice: 'required' }, 'tool_choice', 'invalid_value'],
  ['tool_choice function without name', { ...base, tool_choice: { type: 'function' } }, 'tool_choice.name', 'missing_required_parameter'],
  ['tool_choice unsupported hosted tool', { ...base, tool_choice: { type: 'file_search' } }, 'tool_choice.type', 'unsupported_tool'],
  ['allowed_tools with an absent tool', { ...imageTool({}), tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'image_generation' }, { type: 'function', name: 'f' }] } }, 'tool_choice.tools[1]', 'invalid_value'],
  ['allowed_tools mode bogus', { ...imageTool({}), tool_choice: { type: 'allowed_tools', mode: 'none', tools: [] } }, 'tool_choice.mode', 'invalid_value'],
  ['metadata too many keys', { ...base, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', 'object_above_max_properties'],
  ['metadata key too long', { ...base, metadata: { ['k'.repeat(65)]: 'v' } }, 'metadata', 'string_above_max_length'],
  ['metadata value too long', { ...base, metadata: { k: 'v'.repeat(513) } }, 'metadata.k', 'string_above_max_length'],
  ['metadata value a number', { ...base, metadata: { foo: 1 } }, 'metadata.foo', 'invalid_type'],
  ['imagegate.max_images -1', { ...base, imagegate: { max_images: -1 } }, 'imagegate.max_images', 'integer_below_min_value'],
  ['imagegate.exact_images 0', { ...base, imagegate: { exact_images: 0 } }, 'imagegate.exact_images', 'integer_below_min_value'],
  ['imagegate.max_cost_usd 0', { ...base, imagegate: { max_cost_usd: 0 } }, 'imagegate.max_cost_usd', 'decimal_below_min_value'],
  ['imagegate.foo', { ...base, imagegate: { foo: 1 } }, 'imagegate.foo', 'unknown_parameter'],
  ['imagegate exact above max', { ...base, imagegate: { max_images: 1, exact_images: 2 } }, 'imagegate.exact_images', 'invalid_value'],
  ['previous_response_id + conversation', { ...base, previous_response_id: 'resp_1', conversation: 'conv_1' }, 'conversation', 'mutually_exclusive_parameters'],
  ['conversation a number', { ...base, conversation: 7 }, 'conversation', 'invalid_type'],
  ['text.format json_schema without schema', { ...base, text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema', 'missing_required_parameter'],
  ['text.verbosity loud', { ...base, text: { verbosity: 'loud' } }, 'text.verbosity', 'invalid_value'],
  ['reasoning.effort bogus', { ...base, reasoning: { effort: 'extreme' } }, 'reasoning.effort', 'invalid_value'],
  ['service_tier bogus', { ...base, service_tier: 'gold' }, 'service_tier', 'invalid_value'],
  ['safety_identifier too long', { ...base, safety_identifier: 's'.repeat(65) }, 'safety_identifier', 'string_above_max_length'],
  ['context_management empty', { ...base, context_management: [] }, 'context_management', 'empty_array'],
  ['context_management threshold 10', { ...base, context_management: [{ type: 'compaction', compact_threshold: 10 }] }, 'context_management[0].compact_threshold', 'integer_below_min_value'],
  ['prompt without id', { ...base, prompt: { version: '1' } }, 'prompt.id', 'missing_required_parameter'],
];

describe('parseCreateResponseRequest rejects bad bodies', () => {
  it('has at least 40 distinct cases', () => {
    expect(new Set(badBodies.map(([name]) => name)).size).toBe(badBodies.length);
    expect(badBodies.length).toBeGreaterThanOrEqual(40);
  });

  it.each(badBodies)('%s', (_name, body, param, code) => {
    const error = parseError(body);
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect({ param: error.param, code: error.code }).toEqual({ param, code });
    expect(error.message).not.toMatch(/\{param\}|undefined/);
  });
});

describe('parseCreateResponseRequest messages', () => {
  const messageOf = (body: unknown) => parseError(body).message;

  it('words errors as OpenAI does', () => {
    expect(messageOf(imageTool({ n: 2 }))).toBe("Unknown parameter: 'tools[0].n'.");
    expect(messageOf({ input: 'x' })).toBe("Missing required parameter: 'model'.");
    expect(messageOf(withTools({ size: 'auto' }))).toBe("Missing required parameter: 'tools[0].type'.");
    expect(messageOf({ ...base, temperature: 'hot' })).toBe("Invalid type for 'temperature': expected a decimal, but got a string instead.");
    expect(messageOf({ ...base, temperature: 3 })).toBe(
      "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
    );
    expect(messageOf({ ...base, max_output_tokens: 5 })).toBe(
      "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead.",
    );
    expect(messageOf(imageTool({ quality: 'ultra' }))).toBe("Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', and 'auto'.");
  });

  it('lists only supported discriminator values for an unknown type', () => {
    expect(messageOf(withTools({ type: 'teleport' }))).toBe("Invalid value: 'teleport'. Supported values are: 'image_generation' and 'function'.");
    expect(messageOf({ ...base, input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] })).toBe(
      "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.",
    );
  });

  it('says imagegate does not run an unsupported tool', () => {
    expect(messageOf(withTools({ type: 'code_interpreter', container: { type: 'auto' } }))).toMatch(/does not run the 'code_interpreter' tool/);
  });

  it('names the image_url problem', () => {
    expect(messageOf(userParts({ type: 'input_image', image_url: 'data:image/png;base64,' }))).toMatch(/got empty base64-encoded bytes\.$/);
    expect(messageOf(userParts({ type: 'input_image', image_url: 'data:application/octet-stream;base64,aGk=' }))).toMatch(
      /unsupported MIME type 'application\/octet-stream'/,
    );
  });
});
