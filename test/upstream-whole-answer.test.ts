import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { openAIUpstreamConfig, startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { SEED_IMAGE_TOOL, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

// Issue 14 (c=1 latency): a model step whose events nobody reads as they come asks the upstream
// for one JSON answer; a client that streams, and a background response (its events are logged
// for followers), still get the upstream's events. Whichever it was, the response is the same.

describe('what imagegate asks the OpenAI upstream for', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    // The upstream answers JSON to `stream: false` and events to `stream: true`, the same answer.
    upstream = await startOpenAIUpstreamFake([{ imageCalls: ['a red kite'] }, { text: 'Here is your kite, flying high.' }]);
    test = await startTestServer(openAIUpstreamConfig(upstream.url));
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const body = { model: 'gpt-4.1', input: [{ role: 'user', content: 'Draw a kite.' }], tools: [SEED_IMAGE_TOOL] };

  /** Runs the request and returns the final response and the `stream` flag of each model call it made upstream. */
  async function run(mode: 'json' | 'stream' | 'background'): Promise<{ response: OpenAI.Responses.Response; asked: unknown[] }> {
    const before = upstream.requests.length;
    let response: OpenAI.Responses.Response;
    if (mode === 'stream') {
      let last: OpenAI.Responses.ResponseStreamEvent | undefined;
      for await (const event of await test.client.responses.create({ ...body, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming)) last = event;
      expect(last?.type).toBe('response.completed');
      response = (last as OpenAI.Responses.ResponseCompletedEvent).response;
    } else if (mode === 'background') {
      const created = await test.client.responses.create({ ...body, background: true } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      response = created;
      while (response.status === 'queued' || response.status === 'in_progress') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        response = await test.client.responses.retrieve(created.id);
      }
    } else {
      response = await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    }
    const calls = upstream.requests.slice(before).filter((request) => request.url === '/v1/responses');
    return { response, asked: calls.map((request) => (request.json() as { stream?: unknown }).stream) };
  }

  /** What a client is billed and shown: usage, text, image calls, cost. */
  function outcome(response: OpenAI.Responses.Response) {
    const info = imagegateOf(response) as unknown as { cost: { total_usd: number }; model_steps: number };
    return {
      status: response.status,
      usage: response.usage,
      text: response.output.flatMap((item) => (item.type === 'message' ? item.content.map((part) => (part.type === 'output_text' ? part.text : '')) : [])).join(''),
      images: imagesOf(response).map((image) => [image.status, image.revised_prompt ?? null]),
      steps: info.model_steps,
      costUsd: info.cost.total_usd,
    };
  }

  it('a JSON answer asks for JSON at every step; a streamed and a background response ask for events; all end the same', async () => {
    const json = await run('json');
    const streamed = await run('stream');
    const background = await run('background');
    expect(json.asked).toEqual([false, false]);
    expect(streamed.asked).toEqual([true, true]);
    expect(background.asked).toEqual([true, true]);
    expect(outcome(json.response)).toMatchObject({ status: 'completed', text: 'Here is your kite, flying high.', steps: 2 });
    expect(outcome(json.response).costUsd).toBeGreaterThan(0);
    expect(outcome(streamed.response)).toEqual(outcome(json.response));
    expect(outcome(background.response)).toEqual(outcome(json.response));
  });
});
