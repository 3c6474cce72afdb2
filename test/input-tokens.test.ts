import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countO200kTokens } from '../src/tokens/count-o200k-tokens.ts';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { photoPng } from './support/images.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';
import { WEATHER_TOOL } from './support/weather-tool.ts';

describe('POST /v1/responses/input_tokens counts what the first model step reads', () => {
  let test: TestServer;
  let client: OpenAI;
  let other: OpenAI;
  beforeAll(async () => {
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      simulator: { enabled: true },
      // A real model id behind a provider that is never called: counting does not reach it.
      providers: { openai: { type: 'openai', apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 } },
      models: { vision: { provider: 'openai', model: 'gpt-4o' } },
    });
    const baseURL = `${test.server.url}/v1`;
    client = new OpenAI({ baseURL, apiKey: (await createKey(test.server.url, 'counter')).secret, maxRetries: 0 });
    other = new OpenAI({ baseURL, apiKey: (await createKey(test.server.url, 'other')).secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  const storedAndBilled = () => ({
    responses: querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from responses').n,
    ledger: querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from usage_ledger').n,
    reservations: querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from budget_reservations').n,
  });

  it('text and instructions: the o200k count, the same the simulator then bills; nothing stored or charged', async () => {
    const body = { model: 'simulator', instructions: 'Answer like a pirate.', input: 'Say hello in exactly 3 words.' };
    const before = storedAndBilled();
    const counted = await client.responses.inputTokens.count(body);
    expect(counted).toEqual({ object: 'response.input_tokens', input_tokens: countO200kTokens('Answer like a pirate.') + countO200kTokens('Say hello in exactly 3 words.') });
    expect(storedAndBilled()).toEqual(before);
    const ran = await client.responses.create(body);
    expect(ran.usage?.input_tokens).toBe(counted.input_tokens);
  });

  it('tools: a function tool adds its name, description and schema; the image tool adds its definition, as billed', async () => {
    const input = 'Say hello.';
    const bare = (await client.responses.inputTokens.count({ model: 'simulator', input })).input_tokens;
    const withFunction = (await client.responses.inputTokens.count({ model: 'simulator', input, tools: [WEATHER_TOOL] })).input_tokens;
    const toolTokens = countO200kTokens('get_weather') + countO200kTokens('Get the current weather for a location') + countO200kTokens(JSON.stringify(WEATHER_TOOL.parameters));
    expect(withFunction - bare).toBe(toolTokens);
    const none = await client.responses.inputTokens.count({ model: 'simulator', input, tools: [WEATHER_TOOL], tool_choice: 'none' });
    expect(none.input_tokens).toBe(bare);

    const imageBody = { model: 'simulator', input, tools: [{ type: 'image_generation' as const }] };
    const withImageTool = (await client.responses.inputTokens.count(imageBody)).input_tokens;
    expect(withImageTool).toBeGreaterThan(bare);
    const ran = await client.responses.create(imageBody);
    expect(ran.output.map((item) => item.type)).toEqual(['message']);
    expect(ran.usage?.input_tokens).toBe(withImageTool);
  });

  it('input images cost what the routed model charges for their size and detail (gpt-4o: 765 high, 85 low at 1024×1024)', async () => {
    const imageUrl = `data:image/png;base64,${(await photoPng(1024)).toString('base64')}`;
    const text = 'What is in this image?';
    const count = async (detail: 'high' | 'low') =>
      (await client.responses.inputTokens.count({ model: 'vision', input: [{ role: 'user', content: [{ type: 'input_text', text }, { type: 'input_image', image_url: imageUrl, detail }] }] })).input_tokens;
    expect(await count('high')).toBe(countO200kTokens(text) + 765);
    expect(await count('low')).toBe(countO200kTokens(text) + 85);
  });

  it('previous_response_id: the stored chain counts as if sent inline; another key gets 404', async () => {
    const first = await client.responses.create({ model: 'simulator', input: 'My name is Alice.' });
    const chained = await client.responses.inputTokens.count({ model: 'simulator', previous_response_id: first.id, input: 'What is my name?' });
    const inline = await client.responses.inputTokens.count({
      model: 'simulator',
      input: [
        { role: 'user', content: 'My name is Alice.' },
        { role: 'assistant', content: first.output_text },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    expect(chained.input_tokens).toBe(inline.input_tokens);
    expect(chained.input_tokens).toBe(countO200kTokens('My name is Alice.') + countO200kTokens(first.output_text) + countO200kTokens('What is my name?'));

    const foreign = await other.responses.inputTokens.count({ model: 'simulator', previous_response_id: first.id, input: 'hi' }).catch((caught: unknown) => caught);
    expect(foreign).toBeInstanceOf(OpenAI.NotFoundError);
    expect(foreign).toMatchObject({ status: 404, param: 'previous_response_id', code: 'previous_response_not_found' });
  });

  it('a body field that is not part of a token count is a 400 naming it', async () => {
    const error = await client.responses.inputTokens.count({ model: 'simulator', input: 'hi', stream: true } as never).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'stream' });
  });
});

describe('on a passthrough route OpenAI counts, since it holds the conversation and runs the tools', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    upstream = await startFakeHttpServer(() => ({ json: { object: 'response.input_tokens', input_tokens: 4242 } }));
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('relays the body with the upstream model id and answers upstream count', async () => {
    const counted = await test.client.responses.inputTokens.count({ model: 'hosted', input: 'Tell me a joke.', previous_response_id: 'resp_upstream_1', tools: [WEATHER_TOOL] });
    expect(counted).toEqual({ object: 'response.input_tokens', input_tokens: 4242 });
    expect(upstream.requests.map((request) => [request.method, request.url])).toEqual([['POST', '/v1/responses/input_tokens']]);
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-up');
    expect(upstream.requests[0]?.json()).toEqual({ model: 'gpt-4.1', input: 'Tell me a joke.', previous_response_id: 'resp_upstream_1', tools: [WEATHER_TOOL] });
  });
});
