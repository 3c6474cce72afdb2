import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySqlite } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';
import { WEATHER_TOOL } from './support/weather-tool.ts';

describe('a function_call_output must answer a function_call, as OpenAI checks', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  const storedCount = () => querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from responses').n;

  async function refusal(body: OpenAI.Responses.ResponseCreateParamsNonStreaming): Promise<unknown> {
    return test.client.responses.create(body).catch((caught: unknown) => caught);
  }

  it('inline history: an output for a call that is not there is a 400 naming its call_id; nothing is stored', async () => {
    const before = storedCount();
    const error = await refusal({
      model: 'simulator',
      tools: [WEATHER_TOOL],
      input: [
        { type: 'message', role: 'user', content: 'Weather in Oslo?' },
        { type: 'function_call', call_id: 'call_made', name: 'get_weather', arguments: '{"location":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_made', output: '{"temperature_c":3}' },
        { type: 'function_call_output', call_id: 'call_never_made', output: '{"temperature_c":99}' },
      ],
    });
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'input[3].call_id',
      code: null,
      error: { message: 'No tool call found for function call output with call_id call_never_made.' },
    });
    expect(storedCount()).toBe(before);
  });

  it('inline history: an output before its call does not count as answering it', async () => {
    const error = await refusal({
      model: 'simulator',
      tools: [WEATHER_TOOL],
      input: [
        { type: 'function_call_output', call_id: 'call_later', output: 'early' },
        { type: 'function_call', call_id: 'call_later', name: 'get_weather', arguments: '{"location":"Oslo"}' },
      ],
    });
    expect(error).toMatchObject({ status: 400, param: 'input[0].call_id' });
  });

  it('previous_response_id: the stored call is found; another call_id is a 400', async () => {
    const first = await test.client.responses.create({ model: 'simulator', input: "What's the weather like in Lisbon?", tools: [WEATHER_TOOL] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('the simulator made no function call');

    const wrong = await refusal({
      model: 'simulator',
      previous_response_id: first.id,
      tools: [WEATHER_TOOL],
      input: [{ type: 'function_call_output', call_id: `${call.call_id}_other`, output: 'sunny' }],
    });
    expect(wrong).toMatchObject({ status: 400, param: 'input[0].call_id', error: { message: `No tool call found for function call output with call_id ${call.call_id}_other.` } });

    const answered = await test.client.responses.create({
      model: 'simulator',
      previous_response_id: first.id,
      tools: [WEATHER_TOOL],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 24 C' }],
    });
    expect(answered.output_text).toBe('The get_weather tool returned: sunny, 24 C');
  });
});
