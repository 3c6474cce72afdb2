import { describe, expect, it } from 'vitest';
import { readChatFixture } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { chatCompletionChunkSchema } from './chat-completions-wire.ts';
import { createChatStreamFolder } from './fold-chat-stream.ts';
import { isPlainTextChunk } from './plain-text-chunk.ts';

const FIXTURES = ['openai-text.sse', 'openai-tool-call.sse', 'openai-parallel-tool-calls.sse', 'ollama-text.sse', 'ollama-tool-call.sse', 'groq-tool-call.sse', 'openrouter-text.sse'];

function chunksOf(name: string): unknown[] {
  return readChatFixture(name)
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as unknown);
}

const text = { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] };

describe('isPlainTextChunk', () => {
  it('takes only chunks the schema accepts, and the recorded streams fold the same either way', () => {
    let plain = 0;
    for (const name of FIXTURES) {
      const chunks = chunksOf(name);
      const bySchema = createChatStreamFolder({ provider: 'srv', generateToolCallId: () => 'call_x' });
      const byCheck = createChatStreamFolder({ provider: 'srv', generateToolCallId: () => 'call_x' });
      const partsBySchema = chunks.flatMap((chunk) => bySchema.push(chatCompletionChunkSchema.parse(chunk)));
      const partsByCheck = chunks.flatMap((chunk) => {
        if (!isPlainTextChunk(chunk)) return byCheck.push(chatCompletionChunkSchema.parse(chunk));
        plain += 1;
        return byCheck.push(chunk);
      });
      expect(partsByCheck, name).toEqual(partsBySchema);
      expect(byCheck.end(), name).toEqual(bySchema.end());
    }
    // Most chunks of a text answer skip the schema.
    expect(plain).toBeGreaterThan(10);
  });

  it('agrees with the schema whenever it says yes, and leaves tool calls, usage and odd shapes to it', () => {
    const variants: Array<[unknown, boolean]> = [
      [text, true],
      [{ choices: [{ delta: {} }] }, true],
      [{ choices: [{ index: 0, delta: null, finish_reason: 'stop' }] }, true],
      [{ choices: [{ index: 0, delta: { content: null, refusal: 'No.' } }] }, true],
      [{ choices: [{ index: 0, delta: { content: 'a', tool_calls: [{ index: 0, function: { arguments: '{' } }] } }] }, false],
      [{ ...text, usage: { prompt_tokens: 1, completion_tokens: 1 } }, false],
      [{ ...text, x_groq: { id: 'req' } }, false],
      [{ choices: [] }, false],
      [{ choices: [{ delta: { content: 'a' } }, { index: 1, delta: { content: 'b' } }] }, false],
      [{ choices: [{ index: '0', delta: { content: 'a' } }] }, false],
      [{ choices: [{ index: 0, delta: { content: 7 } }] }, false],
      [{ choices: [{ index: 0, delta: 'a' }] }, false],
      [{ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 1 }] }, false],
      [{ choices: [null] }, false],
      [{ choices: null }, false],
      [[], false],
      [null, false],
    ];
    for (const [chunk, plain] of variants) {
      expect(isPlainTextChunk(chunk), JSON.stringify(chunk)).toBe(plain);
      if (plain) expect(chatCompletionChunkSchema.safeParse(chunk).success, JSON.stringify(chunk)).toBe(true);
    }
  });
});
