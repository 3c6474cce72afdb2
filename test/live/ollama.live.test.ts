import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, imagegateOf, imagesOf, startTestServer } from '../support/test-server.ts';

/**
 * Live: a local Ollama (OLLAMA_BASE_URL, model IMAGEGATE_LIVE_OLLAMA_MODEL, default llama3.1)
 * with tool calling; images from the procedural backend. Runs only when OLLAMA_BASE_URL is set.
 */
const baseURL = process.env['OLLAMA_BASE_URL'];

describe.skipIf(!baseURL)('live Ollama', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({
      providers: { ollama: { type: 'openai-compatible', preset: 'ollama', baseURL: `${baseURL!.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1` } },
      models: { local: { provider: 'ollama', model: process.env['IMAGEGATE_LIVE_OLLAMA_MODEL'] ?? 'llama3.1' } },
    });
  });
  afterAll(async () => test?.dispose());

  it('answers, and never makes more images than the limit', async () => {
    const response = await test.client.responses.create(
      { model: 'local', input: 'Please draw three pictures of a cat using the image tool.', tools: [{ type: 'image_generation', size: '256x256' }] },
      { headers: { 'x-imagegate-max-images': '1' } },
    );
    expect(['completed', 'incomplete']).toContain(response.status);
    expect(imagesOf(response).length).toBeLessThanOrEqual(1);
    expect(imagegateOf(response).resolved_model).toBeTruthy();
  }, 300_000);
});
