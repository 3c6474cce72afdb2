// Run as its own process (`node --import tsx test/support/promise-hooks-probe.ts`): serves JSON
// and streamed text responses through the OpenAI adapter with tracing off, then prints whether
// promise hooks (async_hooks, AsyncLocalStorage) were turned on. test/promise-hooks.test.ts reads it.
import { executionAsyncId } from 'node:async_hooks';
import { startOpenAIUpstreamFake } from './openai-upstream-fake.ts';
import { startTestServer } from './test-server.ts';

/**
 * Without promise hooks a promise gets no async id, so code after an `await` runs under the id
 * it started with; once any hook (an AsyncLocalStorage's included) is on, it runs under a new one.
 */
async function promiseHooksOn(): Promise<boolean> {
  const before = executionAsyncId();
  await null;
  return executionAsyncId() !== before;
}

const atStart = await promiseHooksOn();
const upstream = await startOpenAIUpstreamFake([{ text: 'The final result is 570.' }]);
const test = await startTestServer({
  providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
  models: { 'gpt-4.1': { provider: 'openai' } },
  logLevel: 'info',
});
const texts: string[] = [];
try {
  const json = await test.client.responses.create({ model: 'gpt-4.1', input: 'What is 57 times 10?', store: false });
  texts.push(json.output_text);
  const stream = await test.client.responses.create({ model: 'gpt-4.1', input: 'What is 57 times 10?', store: false, stream: true });
  let streamed = '';
  for await (const event of stream) if (event.type === 'response.output_text.delta') streamed += event.delta;
  texts.push(streamed);
} finally {
  await test.dispose();
  await upstream.close();
}
process.stdout.write(`${JSON.stringify({ atStart, afterResponses: await promiseHooksOn(), texts })}\n`);
