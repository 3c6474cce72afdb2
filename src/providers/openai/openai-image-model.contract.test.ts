import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { startOpenAIImagesFake } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { createOpenAIImageModel } from './openai-image-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startOpenAIImagesFake();
});
afterAll(async () => {
  await fake?.close();
});

function settings() {
  if (fake === undefined) throw new Error('the fake is not running');
  return providerSettings({ baseURL: `${fake.url}/v1`, headers: { authorization: 'Bearer sk-test' }, maxRetries: 0, timeoutMillis: 10_000 });
}

// One table-driven model per size rule: fixed sizes (1.x) and flexible sizes (2.x).
for (const modelId of ['gpt-image-1.5', 'gpt-image-2']) {
  runImageModelContract({ name: `openai.images ${modelId}`, create: () => createOpenAIImageModel(modelId, settings()) });
}
