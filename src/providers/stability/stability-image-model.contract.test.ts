import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { startStabilityFake } from '../../../test/kits/providers/stability/stability-image-fake-server.ts';
import { createStabilityImageModel } from './stability-image-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startStabilityFake();
});
afterAll(async () => {
  await fake?.close();
});

function settings() {
  if (fake === undefined) throw new Error('the fake is not running');
  return providerSettings({ baseURL: fake.url, headers: { authorization: 'Bearer sk-stability-test' }, maxRetries: 0, timeoutMillis: 10_000 });
}

for (const modelId of ['stable-image-ultra', 'stable-image-core', 'sd3.5-large']) {
  runImageModelContract({ name: `stability ${modelId}`, create: () => createStabilityImageModel(modelId, settings()), supportsPartialImages: false });
}
