import type OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startA1111Fake } from './kits/providers/a1111/a1111-fake-server.ts';
import { type ComfyFake, startComfyFake } from './kits/providers/comfyui/comfyui-fake-server.ts';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type LooseBody, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/**
 * An Ollama-style OpenAI-compatible server with tool calling (Ollama's stream shape: the whole
 * arguments in one delta, `index: 0`, usage only when asked). First turn: one image call.
 * After a tool result: text.
 */
function ollamaReply(request: RecordedRequest): FakeReply {
  const body = request.json() as { model: string; messages: Array<{ role: string }>; stream?: boolean };
  const answered = body.messages.some((message) => message.role === 'tool');
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_790_000_000, model: body.model, system_fingerprint: 'fp_ollama' };
  const chunks = answered
    ? [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Here is ' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'your picture.' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] },
      ]
    : [
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { role: 'assistant', content: '', tool_calls: [{ id: 'call_ollama1', index: 0, type: 'function', function: { name: 'image_generation', arguments: '{"prompt":"a cabin in the snow"}' } }] },
              finish_reason: null,
            },
          ],
        },
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] },
      ];
  const usage = { ...base, choices: [], usage: { prompt_tokens: 80, completion_tokens: 12, total_tokens: 92 } };
  const sse = [...chunks, usage].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
  return { chunks: splitIntoChunks(sse, 13) };
}

describe('Ollama-style model with self-hosted image backends', () => {
  let ollama: FakeHttpServer;
  let comfy: ComfyFake;
  let a1111: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    ollama = await startFakeHttpServer(ollamaReply);
    comfy = await startComfyFake();
    a1111 = await startA1111Fake();
    test = await startTestServer({
      providers: {
        ollama: { type: 'openai-compatible', preset: 'ollama', baseURL: `${ollama.url}/v1`, maxRetries: 0 },
        comfy: { type: 'comfyui', baseURL: comfy.server.url, maxRetries: 0 },
        sd: { type: 'a1111', baseURL: a1111.url, maxRetries: 0 },
      },
      imageModels: { 'comfy-sdxl': { provider: 'comfy', model: 'sd_xl_base_1.0.safetensors' }, sd15: { provider: 'sd', model: 'v1-5-pruned.safetensors' } },
      models: {
        llama: { provider: 'ollama', model: 'llama3.1:8b', imageModel: 'comfy-sdxl' },
        'llama-a1111': { provider: 'ollama', model: 'llama3.1:8b', imageModel: 'sd15' },
      },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await Promise.all([ollama.close(), comfy.server.close(), a1111.close()]);
  });

  const create = (body: LooseBody) => test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);

  it('ComfyUI draws the image the Ollama model asked for, at the tool settings', async () => {
    const response = await create({ model: 'llama', input: 'Draw a cabin in the snow.', tools: [{ type: 'image_generation', size: '512x768', output_format: 'webp' }] });
    const [image] = imagesOf(response);
    expect(image).toMatchObject({ status: 'completed', size: '512x768', output_format: 'webp' });
    const metadata = await sharp(Buffer.from(image!.result, 'base64')).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 512, 768]);
    expect(response.output_text).toBe('Here is your picture.');
    expect(imagegateOf(response).simulated).toBe(false);

    const workflow = JSON.stringify(comfy.prompts.at(-1));
    expect(workflow).toContain('a cabin in the snow');
    expect(workflow).toContain('sd_xl_base_1.0.safetensors');
    const sent = ollama.requests[0]!.json() as { model: string; tools: Array<{ function: { name: string } }> };
    expect(sent.model).toBe('llama3.1:8b');
    expect(sent.tools.map((tool) => tool.function.name)).toEqual(['image_generation']);
  });

  it('AUTOMATIC1111 draws it on the other route', async () => {
    const response = await create({ model: 'llama-a1111', input: 'Draw a cabin in the snow.', tools: [{ type: 'image_generation', size: '512x512', output_format: 'png' }] });
    const [image] = imagesOf(response);
    expect(image).toMatchObject({ status: 'completed', size: '512x512', output_format: 'png' });
    const txt2img = a1111.requests.find((request) => request.url === '/sdapi/v1/txt2img')!.json() as Record<string, unknown>;
    expect(txt2img).toMatchObject({ prompt: 'a cabin in the snow', width: 512, height: 512 });
    expect(txt2img['override_settings']).toMatchObject({ sd_model_checkpoint: 'v1-5-pruned.safetensors' });
  });
});
