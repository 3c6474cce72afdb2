import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../spec/provider-error.ts';
import { deliverImage } from './deliver-image.ts';

const provider = 'fake';

/** A flat picture; `shade` tells images apart. */
function flatImage(width: number, height: number, format: 'png' | 'jpeg', shade: number): Promise<Buffer> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: { r: (shade * 70) % 256, g: 140, b: 90 } } });
  return format === 'jpeg' ? pipeline.jpeg().toBuffer() : pipeline.png().toBuffer();
}

const redPng = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 1 } } }).png().toBuffer();

describe('deliverImage', () => {
  it('passes bytes through when size and format already fit', async () => {
    const png = await flatImage(64, 48, 'png', 1);
    const delivered = await deliverImage(provider, png, { size: { width: 64, height: 48 }, outputFormat: 'png', encoderQuality: 100 });
    expect(delivered.data).toBe(png);
    expect(delivered).toMatchObject({ mediaType: 'image/png', size: { width: 64, height: 48 }, resizedFrom: undefined });
  });

  it('keeps the model’s size without a size, and re-encodes to the format asked for', async () => {
    const delivered = await deliverImage(provider, await flatImage(64, 48, 'png', 1), { size: undefined, outputFormat: 'webp', encoderQuality: 80 });
    const metadata = await sharp(delivered.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 64, 48]);
    expect(delivered).toMatchObject({ mediaType: 'image/webp', resizedFrom: undefined });
  });

  it('resizes to the exact size by scaling and cropping the centre, and says from what', async () => {
    const delivered = await deliverImage(provider, await flatImage(832, 1248, 'png', 1), { size: { width: 1024, height: 1536 }, outputFormat: 'jpeg', encoderQuality: 90 });
    const metadata = await sharp(delivered.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1024, 1536]);
    expect(delivered.resizedFrom).toEqual({ width: 832, height: 1248 });
  });

  it('re-encodes a jpeg when a compression was asked for', async () => {
    const jpeg = await flatImage(64, 64, 'jpeg', 1);
    const delivered = await deliverImage(provider, jpeg, { size: undefined, outputFormat: 'jpeg', encoderQuality: 20 });
    expect(delivered.data).not.toBe(jpeg);
  });

  it('with stripMetadata re-encodes at the same size without reporting a resize, dropping the embedded recipe', async () => {
    const withText = await sharp(await redPng(64, 64)).png().withMetadata({ exif: { IFD0: { ImageDescription: 'workflow' } } }).toBuffer();
    const encoded = await deliverImage(provider, withText, { size: { width: 64, height: 64 }, outputFormat: 'png', encoderQuality: 100 }, { stripMetadata: true });
    expect(encoded.resizedFrom).toBeUndefined();
    const metadata = await sharp(encoded.data).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.exif]).toEqual(['png', 64, 64, undefined]);
  });

  it('with stripMetadata resizes to the exact size and format asked for and says from what', async () => {
    const encoded = await deliverImage(provider, await redPng(64, 48), { size: { width: 100, height: 60 }, outputFormat: 'jpeg', encoderQuality: 80 }, { stripMetadata: true });
    expect(encoded.resizedFrom).toEqual({ width: 64, height: 48 });
    const metadata = await sharp(encoded.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 100, 60]);
  });

  it('turns undecodable bytes into a non-retryable invalid_response', async () => {
    for (const options of [{}, { stripMetadata: true }]) {
      const error = await deliverImage(provider, new Uint8Array([0, 1]), { size: undefined, outputFormat: 'webp', encoderQuality: 80 }, options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ provider: 'fake', kind: 'invalid_response', isRetryable: false });
    }
  });
});
