import { afterAll, beforeAll } from 'vitest';
import { runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { type ComfyFake, startComfyFake } from '../../../test/kits/providers/comfyui/comfyui-fake-server.ts';
import { createComfyUIImageModel } from './comfyui-image-model.ts';

let fake: ComfyFake | undefined;
beforeAll(async () => {
  fake = await startComfyFake({ pendingPolls: 1 });
});
afterAll(async () => {
  await fake?.server.close();
});

function settings() {
  if (fake === undefined) throw new Error('the fake is not running');
  return providerSettings({ baseURL: fake.server.url, maxRetries: 0, timeoutMillis: 10_000 });
}

runImageModelContract({
  name: 'comfyui',
  create: () => createComfyUIImageModel(settings(), { pollIntervalMillis: 1, sleep: async () => undefined }),
  supportsPartialImages: false,
});
