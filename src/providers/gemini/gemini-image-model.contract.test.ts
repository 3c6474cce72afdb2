import { afterAll, beforeAll } from 'vitest';
import type { FakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { runImageModelContract } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { startGoogleImageFake } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { createGeminiImageModel } from './gemini-image-model.ts';
import { createImagenImageModel } from './imagen-model.ts';

let fake: FakeHttpServer | undefined;
beforeAll(async () => {
  fake = await startGoogleImageFake();
});
afterAll(async () => {
  await fake?.close();
});

function settings() {
  if (fake === undefined) throw new Error('the fake is not running');
  return providerSettings({ baseURL: `${fake.url}/v1beta`, headers: { 'x-goog-api-key': 'gemini-test-key' }, maxRetries: 0, timeoutMillis: 10_000 });
}

for (const modelId of ['gemini-2.5-flash-image', 'gemini-3-pro-image-preview']) {
  runImageModelContract({ name: `gemini.image ${modelId}`, create: () => createGeminiImageModel(modelId, settings()), supportsPartialImages: false });
}
runImageModelContract({ name: 'gemini.imagen imagen-4.0-generate-001', create: () => createImagenImageModel('imagen-4.0-generate-001', settings()), supportsPartialImages: false });
