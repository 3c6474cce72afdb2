import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runLanguageModelContract } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { startChatFixtureServer } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

const fakes: Partial<Record<'openai' | 'ollama', FakeHttpServer>> = {};
beforeAll(async () => {
  fakes.openai = await startChatFixtureServer('openai');
  fakes.ollama = await startChatFixtureServer('ollama');
});
afterAll(async () => {
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
});

function baseURL(server: 'openai' | 'ollama'): string {
  const fake = fakes[server];
  if (fake === undefined) throw new Error(`the ${server} fake is not running`);
  return `${fake.url}/v1`;
}

runLanguageModelContract({
  name: 'openai.chat (OpenAI preset)',
  create: () =>
    createOpenAICompatibleLanguageModel('gpt-4.1', providerSettings({ baseURL: baseURL('openai'), headers: { authorization: 'Bearer sk-test' }, maxRetries: 0 }), OPENAI_COMPATIBLE_PRESETS.openai),
});

runLanguageModelContract({
  name: 'ollama (Ollama preset)',
  create: () => createOpenAICompatibleLanguageModel('llama3.1:8b', providerSettings({ baseURL: baseURL('ollama'), maxRetries: 0 }), OPENAI_COMPATIBLE_PRESETS.ollama),
});
