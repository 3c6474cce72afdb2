import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { startA1111Fake } from '../../../test/kits/providers/a1111/a1111-fake-server.ts';
import { createA1111ImageModel } from './a1111-image-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startA1111Fake();
});
afterAll(async () => {
  await fake?.close();
});

function settings() {
  if (fake === undefined) throw new Error('the fake is not running');
  return providerSettings({ baseURL: fake.url, maxRetries: 0, timeoutMillis: 10_000 });
}

runImageModelContract({ name: 'a1111', create: () => createA1111ImageModel('dreamshaper_8.safetensors', settings()), supportsPartialImages: false });
