import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const directory = mkdtempSync(join(tmpdir(), 'imagegate-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('uses embedded defaults with no file and no env', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', dataDir: './data', unknownModels: 'simulator', providers: {} });
  });

  it('bounds load by default, and the bounds can be set from env', () => {
    expect(loadConfig({}).limits).toMatchObject({
      maxInputImagePixels: 40_000_000,
      maxConcurrentImageJobs: 8,
      maxQueuedImageJobs: 256,
      imageQueueWaitMillis: 30_000,
      maxBodyBytesInFlight: 512 * 1024 * 1024,
    });
    const config = loadConfig({ IMAGEGATE_MAX_INPUT_IMAGE_PIXELS: '1000000', IMAGEGATE_MAX_CONCURRENT_IMAGE_JOBS: '2', IMAGEGATE_MAX_QUEUED_IMAGE_JOBS: '0' });
    expect(config.limits).toMatchObject({ maxInputImagePixels: 1_000_000, maxConcurrentImageJobs: 2, maxQueuedImageJobs: 0 });
  });

  it('layers file, env and flags in that order', () => {
    const config = loadConfig(
      { IMAGEGATE_CONFIG: file('a.yaml', 'port: 9000\ndataDir: /from-file\nlimits:\n  maxImagesPerResponse: 3\n'), IMAGEGATE_DATA_DIR: '/from-env', IMAGEGATE_MAX_IMAGES: '2' },
      { port: 9100 },
    );
    expect(config).toMatchObject({ port: 9100, dataDir: '/from-env', limits: { maxImagesPerResponse: 2 } });
  });

  it('reads storage from the file, IMAGEGATE_DATABASE_URL and IMAGEGATE_BLOB_URL winning', () => {
    expect(loadConfig({}).storage).toEqual({ leaseMillis: 30_000 });
    const configFile = file('storage.yaml', 'storage:\n  database: /srv/imagegate.sqlite\n  blobs: /srv/blobs\n  leaseMillis: 5000\n');
    expect(loadConfig({ IMAGEGATE_CONFIG: configFile }).storage).toEqual({ database: '/srv/imagegate.sqlite', blobs: '/srv/blobs', leaseMillis: 5000 });
    const config = loadConfig({ IMAGEGATE_CONFIG: configFile, IMAGEGATE_DATABASE_URL: 'postgres://db.internal/imagegate', IMAGEGATE_BLOB_URL: 's3://images/prod' });
    expect(config.storage).toEqual({ database: 'postgres://db.internal/imagegate', blobs: 's3://images/prod', leaseMillis: 5000 });
  });

  it('names the file, line and key of an invalid value (YAML and JSON)', () => {
    const yamlFile = file('bad.yaml', 'port: 8787\nproviders:\n  ollama:\n    type: openai-compatible\n    preset: olama\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: yamlFile })).toThrow(`${yamlFile}:5: invalid 'providers.ollama.preset'`);
    const jsonFile = file('bad.json', '{\n  "limits": {\n    "maxModelSteps": 0\n  }\n}\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: jsonFile })).toThrow(`${jsonFile}:3: invalid 'limits.maxModelSteps'`);
    const broken = file('broken.yaml', 'port: [8787\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: broken })).toThrow(ConfigError);
  });

  it('OPENAI_API_KEY alone makes OpenAI the default for models and images', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test' });
    expect(config.providers['openai']).toMatchObject({ type: 'openai', apiKey: 'sk-test' });
    expect(config.unknownModels).toBe('openai');
    expect(config.defaultImageModel).toBe('gpt-image-2');
    expect(config.imageModels['gpt-image-2']).toEqual({ provider: 'openai' });
  });

  it('env keys add providers and fill missing API keys of configured ones', () => {
    const path = file('p.yaml', 'providers:\n  claude:\n    type: anthropic\n');
    const config = loadConfig({ IMAGEGATE_CONFIG: path, ANTHROPIC_API_KEY: 'ak', OLLAMA_BASE_URL: 'http://127.0.0.1:11434' });
    expect(config.providers['claude']).toMatchObject({ type: 'anthropic', apiKey: 'ak' });
    expect(config.providers['ollama']).toMatchObject({ type: 'openai-compatible', preset: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' });
    expect(config.unknownModels).toBe('simulator');
  });
});

describe('route checks', () => {
  it('refuses routes to providers or image models that do not exist, naming the key', () => {
    const path = file('routes.yaml', 'models:\n  fast:\n    provider: opnai\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: path })).toThrow(`${path}:3: invalid 'models.fast.provider': no provider named 'opnai'`);
    const image = file('image.yaml', 'defaultImageModel: comfy\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: image })).toThrow("invalid 'defaultImageModel'");
  });
});

describe('retired models and self-hosted prices', () => {
  it('reads retiredModels from the file or IMAGEGATE_RETIRED_MODELS; reject by default', () => {
    expect(loadConfig({}).retiredModels).toBe('reject');
    expect(loadConfig({ IMAGEGATE_RETIRED_MODELS: 'successor' }).retiredModels).toBe('successor');
    const path = file('retired.yaml', 'retiredModels: successor\n');
    expect(loadConfig({ IMAGEGATE_CONFIG: path }).retiredModels).toBe('successor');
    const bad = file('retired-bad.yaml', 'port: 1\nretiredModels: upgrade\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: bad })).toThrow(`${bad}:2: invalid 'retiredModels'`);
  });

  it('takes a price per image, per second, per token or free on self-hosted providers and routes', () => {
    const path = file(
      'prices.yaml',
      [
        'providers:',
        '  comfy: { type: comfyui, price: { usdPerSecond: 0.001, maxSeconds: 30 } }',
        '  sd: { type: a1111 }',
        '  llama: { type: openai-compatible, preset: ollama, price: { free: true } }',
        'imageModels:',
        '  sdxl: { provider: comfy }',
        '  sd15: { provider: sd, price: { usdPerImage: 0.002 } }',
        'models:',
        '  local: { provider: llama, model: llama3.1, price: { inputUsdPerMillionTokens: 0.05, outputUsdPerMillionTokens: 0.1 } }',
      ].join('\n'),
    );
    const config = loadConfig({ IMAGEGATE_CONFIG: path });
    expect(config.providers['comfy']).toMatchObject({ price: { usdPerSecond: 0.001, maxSeconds: 30 } });
    expect(config.imageModels['sd15']?.price).toEqual({ usdPerImage: 0.002 });
    expect(config.models['local']?.price).toEqual({ inputUsdPerMillionTokens: 0.05, outputUsdPerMillionTokens: 0.1 });
  });

  it('names the line of a price that does not fit', () => {
    const shape = file('price-shape.yaml', 'providers:\n  comfy:\n    type: comfyui\n    price: { usdPerImage: -1 }\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: shape })).toThrow(`${shape}:4: invalid 'providers.comfy.price.usdPerImage': Too small`);
    const kind = file('price-kind.yaml', 'providers:\n  comfy: { type: comfyui }\nimageModels:\n  sdxl:\n    provider: comfy\n    price: { inputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 2 }\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: kind })).toThrow(`${kind}:6: invalid 'imageModels.sdxl.price': an image route takes {usdPerImage}, {usdPerSecond} or {free: true}`);
    const hosted = file('price-hosted.yaml', 'providers:\n  oa: { type: openai, apiKey: sk }\nimageModels:\n  gpt-image-2:\n    provider: oa\n    price: { usdPerImage: 0.01 }\n');
    expect(() => loadConfig({ IMAGEGATE_CONFIG: hosted })).toThrow(`${hosted}:6: invalid 'imageModels.gpt-image-2.price': prices in config are for routes to self-hosted providers`);
  });
});
