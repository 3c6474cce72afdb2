import { describe, expect, it } from 'vitest';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { OpenAIResponsesEventReader, leadingType } from './openai-responses-event-reader.ts';

const provider = 'openai.responses';

function readAll(datas: string[]): LanguageModelStreamPart[] {
  const reader = new OpenAIResponsesEventReader(provider);
  const parts: LanguageModelStreamPart[] = [];
  for (const data of datas) reader.read({ event: undefined, data }, parts);
  return parts;
}

describe('leadingType', () => {
  it('reads the type OpenAI writes first, and gives up on anything else', () => {
    expect(leadingType('{"type":"response.created","response":{}}')).toBe('response.created');
    expect(leadingType('{"type":"response.in_progress"}')).toBe('response.in_progress');
    expect(leadingType('{"sequence_number":1,"type":"response.created"}')).toBeUndefined();
    expect(leadingType('{ "type":"response.created"}')).toBeUndefined();
    expect(leadingType('{"type":"response.cre')).toBeUndefined();
    expect(leadingType('{"type":"response.created","response":{')).toBeUndefined();
    expect(leadingType('{"type":"response.\\u0063reated"}')).toBeUndefined();
    expect(leadingType('{"type":"a"x}')).toBeUndefined();
  });
});

describe('OpenAIResponsesEventReader', () => {
  it('maps the events it reads and skips [DONE]', () => {
    const parts = readAll([
      '{"type":"response.created","response":{"status":"in_progress","output":[]}}',
      '{"type":"response.output_text.delta","delta":"Hi"}',
      '[DONE]',
      '{"type":"response.completed","response":{"status":"completed","output":[],"usage":{"input_tokens":1,"output_tokens":1}}}',
    ]);
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'Hi' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 } },
    ]);
  });

  it('does not parse an event whose leading type the mapper ignores, but parses every event it reads', () => {
    // The echo of the whole response is never looked at: even a broken one passes.
    expect(readAll(['{"type":"response.in_progress","response":{"status":"in_progress","output":[} }'])).toEqual([]);
    expect(() => readAll(['{"type":"response.output_text.delta","delta":"a"} }'])).toThrow(
      expect.objectContaining({ kind: 'invalid_response', message: 'openai.responses sent a stream event that is not JSON' }),
    );
    // A type that is not first is found by parsing, as before.
    expect(readAll(['{"delta":"late","type":"response.output_text.delta"}'])).toEqual([{ type: 'text-delta', delta: 'late' }]);
    expect(() => readAll(['[1,2]'])).toThrow(expect.objectContaining({ kind: 'invalid_response', message: 'openai.responses sent a stream event that is not a JSON object' }));
  });

  it('checks the fields it reads of deltas and output items', () => {
    const malformed = [
      '{"type":"response.output_text.delta"}',
      '{"type":"response.refusal.delta","delta":null}',
      '{"type":"response.function_call_arguments.delta","item_id":"fc_1"}',
      '{"type":"response.function_call_arguments.done","item_id":3,"arguments":"{}"}',
      '{"type":"response.output_item.added","output_index":-1,"item":{"type":"message"}}',
      '{"type":"response.output_item.added","output_index":0.5,"item":{"type":"message"}}',
      '{"type":"response.output_item.done","output_index":0,"item":{"id":"x"}}',
      '{"type":"response.output_item.done","output_index":0,"item":[]}',
      '{"type":"response.completed","response":{"status":"completed"}}',
    ];
    for (const data of malformed) {
      const type = (JSON.parse(data) as { type: string }).type;
      expect(() => readAll([data]), data).toThrow(expect.objectContaining({ kind: 'invalid_response', message: `openai.responses sent a malformed ${type} event` }));
    }
  });
});
