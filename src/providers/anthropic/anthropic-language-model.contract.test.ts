import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runLanguageModelContract } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { createAnthropicLanguageModel } from './anthropic-language-model.ts';
import { anthropicTestSettings, startAnthropicFake } from '../../../test/kits/providers/anthropic/anthropic-test-kit.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startAnthropicFake();
});
afterAll(async () => {
  await fake?.close();
});

runLanguageModelContract({
  name: 'anthropic (fixtures)',
  create: () => {
    if (fake === undefined) throw new Error('the fake is not running');
    return createAnthropicLanguageModel('claude-sonnet-4-5', anthropicTestSettings(fake.url, [], { maxRetries: 0 }));
  },
});
