import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

describe('generated images honour the tool settings', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  const cases = [
    { size: '1536x1024', output_format: 'png', background: 'transparent', alpha: true },
    { size: '1024x1536', output_format: 'webp', background: 'transparent', alpha: true },
    { size: 'auto', output_format: 'jpeg', background: 'auto', alpha: false },
    { size: '512x512', output_format: 'png', background: 'opaque', alpha: false },
  ] as const;

  for (const settings of cases) {
    it(`${settings.size} ${settings.output_format} ${settings.background}`, async () => {
      const response = await test.client.responses.create({
        model: 'simulator',
        input: 'Draw a paper boat.',
        tools: [{ type: 'image_generation', size: settings.size, output_format: settings.output_format, background: settings.background }],
      });
      const item = imagesOf(response)[0]!;
      const metadata = await sharp(Buffer.from(item.result, 'base64')).metadata();
      const [width, height] = (settings.size === 'auto' ? '1024x1024' : settings.size).split('x').map(Number);
      expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual([settings.output_format, width, height, settings.alpha]);
      expect(item.size).toBe(`${width}x${height}`);
      expect(item.output_format).toBe(settings.output_format);
      expect(item.background).toBe(settings.background === 'auto' ? 'opaque' : settings.background);
    });
  }
});
