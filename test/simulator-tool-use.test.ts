import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, imagegateOf, startTestServer } from './support/test-server.ts';

/** The Open Responses compliance suite's `tool-calling` request, word for word (its default model). */
const COMPLIANCE_TOOL_CALLING = {
  model: 'gpt-4o-mini',
  input: [{ type: 'message' as const, role: 'user' as const, content: "What's the weather like in San Francisco?" }],
  tools: [
    {
      type: 'function' as const,
      name: 'get_weather',
      description: 'Get the current weather for a location',
      parameters: {
        type: 'object',
        properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } },
        required: ['location'],
      },
    },
  ],
};

describe('the offline simulator uses function tools like a model', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  it('asked about the weather, it calls get_weather for San Francisco; given the output, it answers with it', async () => {
    const first = await test.client.responses.create(COMPLIANCE_TOOL_CALLING as never);
    expect(imagegateOf(first).simulated).toBe(true);
    expect(first.status).toBe('completed');
    expect(first.output).toHaveLength(1);
    const call = first.output[0];
    if (call?.type !== 'function_call') throw new Error(`expected a function_call, got ${call?.type}`);
    expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual({ location: 'San Francisco' });

    const second = await test.client.responses.create({
      model: 'gpt-4o-mini',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature_f":61,"sky":"fog"}' }],
      tools: COMPLIANCE_TOOL_CALLING.tools,
    } as never);
    expect(second.output.map((item) => item.type)).toEqual(['message']);
    expect(second.output_text).toBe('The get_weather tool returned: {"temperature_f":61,"sky":"fog"}');
  });

  it('the same request streamed ends with the same call, its arguments streamed as deltas', async () => {
    const stream = await test.client.responses.create({ ...(COMPLIANCE_TOOL_CALLING as object), stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming);
    let deltas = '';
    let finalArguments: string | undefined;
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') deltas += event.delta;
      if (event.type === 'response.completed') finalArguments = event.response.output.find((item) => item.type === 'function_call')?.arguments;
    }
    expect(finalArguments).toBe('{"location":"San Francisco"}');
    expect(deltas).toBe(finalArguments);
  });
});
