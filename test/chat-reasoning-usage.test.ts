import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkLines, frameAsSse, splitBytes } from './kits/providers/shared/testing/recordings.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

/**
 * Reasoning tokens a Chat Completions server reports apart from completion_tokens (xAI's
 * grok-3-mini, recorded by vercel/ai: total 560 = prompt 307 + completion 26 + reasoning 227)
 * reach the client's usage as output tokens, once; servers that count them inside
 * completion_tokens (DeepSeek: 18 + 219 = 237) are not counted twice.
 */
function recorded(path: string): string {
  const lines = chunkLines(readFileSync(new URL(`./fixtures/providers/openai-compatible/vercel-ai/${path}`, import.meta.url), 'utf8'));
  return frameAsSse(lines, { lineEnd: '\n', trailer: '[DONE]' });
}

describe('reasoning tokens of Chat Completions servers in the usage a client sees', () => {
  let xai: FakeHttpServer;
  let deepseek: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    xai = await startFakeHttpServer(() => ({ chunks: splitBytes(recorded('xai/xai-tool-call.chunks.txt'), [7]) }));
    deepseek = await startFakeHttpServer(() => ({ chunks: splitBytes(recorded('deepseek/deepseek-reasoning.chunks.txt'), [13]) }));
    test = await startTestServer({
      providers: {
        xai: { type: 'openai-compatible', preset: 'openai', baseURL: `${xai.url}/v1`, maxRetries: 0 },
        deepseek: { type: 'openai-compatible', preset: 'openai', baseURL: `${deepseek.url}/v1`, maxRetries: 0 },
      },
      models: { grok: { provider: 'xai', model: 'grok-3-mini' }, reasoner: { provider: 'deepseek', model: 'deepseek-reasoner' } },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await xai.close();
    await deepseek.close();
  });

  it('adds reasoning counted apart (xAI) to output_tokens', async () => {
    const response = await test.client.responses.create({
      model: 'grok',
      input: 'What is the weather in San Francisco?',
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false }],
    });
    expect(response.output.map((item) => item.type)).toEqual(['function_call']);
    expect(response.usage).toMatchObject({
      input_tokens: 307,
      input_tokens_details: { cached_tokens: 306 },
      output_tokens: 26 + 227,
      output_tokens_details: { reasoning_tokens: 227 },
    });
  });

  it('keeps reasoning counted inside completion_tokens (DeepSeek) counted once', async () => {
    const response = await test.client.responses.create({ model: 'reasoner', input: 'How many r are in strawberry?' });
    expect(response.output_text).toBe('The word "strawberry" contains three "r"s.');
    expect(response.usage).toMatchObject({ input_tokens: 18, output_tokens: 219, output_tokens_details: { reasoning_tokens: 205 } });
  });
});
