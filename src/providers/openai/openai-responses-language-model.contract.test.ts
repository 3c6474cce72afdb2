import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runLanguageModelContract } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { readResponsesJsonFixture, startOpenAIResponsesFake } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { createOpenAIResponsesLanguageModel } from './openai-responses-language-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startOpenAIResponsesFake();
});
afterAll(async () => {
  await fake?.close();
});

/** The prompts and tool the fixtures were written for, read from the recorded requests. */
const functionCallRequest = readResponsesJsonFixture('function-call.request.json') as {
  input: Array<{ content: Array<{ text: string }> }>;
  tools: Array<{ name: string; description: string; parameters: Record<string, unknown> }>;
};
const textRequest = readResponsesJsonFixture('text.request.json') as typeof functionCallRequest;
const userText = (request: typeof functionCallRequest) => [{ role: 'user' as const, content: [{ type: 'text' as const, text: request.input[0]?.content[0]?.text ?? '' }] }];
const recordedTool = functionCallRequest.tools[0];
if (recordedTool === undefined) throw new Error('function-call.request.json has no tool');

runLanguageModelContract({
  name: 'openai.responses',
  create: () => {
    if (fake === undefined) throw new Error('the fake is not running');
    return createOpenAIResponsesLanguageModel('gpt-4.1', providerSettings({ baseURL: `${fake.url}/v1`, headers: { authorization: 'Bearer sk-test' }, maxRetries: 0, timeoutMillis: 10_000 }));
  },
  scenarios: {
    textPrompt: userText(textRequest),
    toolPrompt: userText(functionCallRequest),
    tool: { name: recordedTool.name, description: recordedTool.description, parameters: recordedTool.parameters },
  },
});
