import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runLanguageModelContract } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { geminiTestSettings, startGeminiFake } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';
import { createGeminiLanguageModel } from './gemini-language-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startGeminiFake();
});
afterAll(async () => {
  await fake?.close();
});

runLanguageModelContract({
  name: 'gemini (fixtures)',
  create: () => {
    if (fake === undefined) throw new Error('the fake is not running');
    return createGeminiLanguageModel('gemini-2.5-flash', geminiTestSettings(fake.url, [], { maxRetries: 0 }));
  },
});
