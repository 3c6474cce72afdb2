import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './support/accounting.ts';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

type Item = OpenAI.Responses.ResponseInputItem;
const SUMMARY = 'The user and the assistant agreed to launch on Tuesday; the code word is slate.';

/** Compaction through a real provider adapter: the summary comes from the routed model, and the next turn's model reads it. */
describe('compaction through the OpenAI adapter', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    upstream = await startOpenAIUpstreamFake([{ text: SUMMARY }]);
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
      unknownModels: 'openai',
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('asks the routed model for a summary, charges its tokens, and hands the summary to the next turn\'s model', async () => {
    const before = upstream.requests.length;
    const compacted = await test.client.responses.compact({
      model: 'gpt-4.1',
      input: [
        { role: 'user', content: 'Remember the code word: slate. We launch on Tuesday.' },
        { role: 'assistant', content: 'Noted: slate, Tuesday.' },
      ],
    });
    const [summaryCall] = upstream.requests.slice(before);
    const sent = summaryCall!.json() as { model: string; input: Array<{ role?: string; content?: unknown }>; tools?: unknown[] };
    expect(sent.model).toBe('gpt-4.1');
    expect(sent.tools ?? []).toEqual([]);
    expect(JSON.stringify(sent.input[0])).toContain('Remember the code word: slate.');
    expect(JSON.stringify(sent.input.at(-1))).toContain('CONTEXT CHECKPOINT COMPACTION');

    // The fake reports 120 input and 30 output tokens: priced at gpt-4.1's catalog row.
    const row = CATALOG.textModels['gpt-4.1']!;
    const micros = Math.round(120 * row.inputUsdPerMillionTokens + 30 * row.outputUsdPerMillionTokens);
    expect(compacted.usage).toMatchObject({ input_tokens: 120, output_tokens: 30, total_tokens: 150 });
    expect(Math.round((compacted as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd * 1e6)).toBe(micros);

    const next = upstream.requests.length;
    await test.client.responses.create({ model: 'gpt-4.1', input: [...compacted.output, { role: 'user', content: 'What is the code word?' }] as Item[] });
    const continuation = JSON.stringify((upstream.requests[next]!.json() as { input: unknown }).input);
    expect(continuation).toContain(`Summary of the earlier conversation (compacted):\\n${SUMMARY}`);
    // The sealed item itself never goes upstream: only what it holds, opened here.
    const sealed = (compacted.output.at(-1) as OpenAI.Responses.ResponseCompactionItem).encrypted_content;
    expect(continuation).not.toContain(sealed);
  });

  it('a passthrough model cannot read a compaction item: 400 naming the item, nothing sent upstream', async () => {
    const compacted = await test.client.responses.compact({ model: 'gpt-4.1', input: 'Our launch is on Tuesday.' });
    const before = upstream.requests.length;
    const error = await test.client.responses
      .create({ model: 'hosted', input: [...compacted.output, { role: 'user', content: 'When?' }] as Item[] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, param: 'input[1]', code: 'invalid_value' });
    expect(upstream.requests.length).toBe(before);
  });
});
