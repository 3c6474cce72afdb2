import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../shared/provider-error.ts';
import { encodeOutputImage } from './encode-output-image.ts';

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 1 } } }).png().toBuffer();

describe('encodeOutputImage', () => {
  it('re-encodes at the same size without reporting a resize, dropping the embedded recipe', async () => {
    const withText = await sharp(await png(64, 64)).png().withMetadata({ exif: { IFD0: { ImageDescription: 'workflow' } } }).toBuffer();
    const encoded = await encodeOutputImage('fake', withText, { size: { width: 64, height: 64 }, outputFormat: 'png', encoderQuality: 100 });
    expect(encoded.resizedFrom).toBeUndefined();
    const metadata = await sharp(encoded.data).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.exif]).toEqual(['png', 64, 64, undefined]);
  });

  it('resizes to the exact size and format asked for and says from what', async () => {
    const encoded = await encodeOutputImage('fake', await png(64, 48), { size: { width: 100, height: 60 }, outputFormat: 'jpeg', encoderQuality: 80 });
    expect(encoded.resizedFrom).toEqual({ width: 64, height: 48 });
    const metadata = await sharp(encoded.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 100, 60]);
  });

  it('turns undecodable bytes into a non-retryable invalid_response', async () => {
    const error = await encodeOutputImage('fake', new Uint8Array([0, 1]), { size: { width: 8, height: 8 }, outputFormat: 'webp', encoderQuality: 80 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'fake', kind: 'invalid_response', isRetryable: false });
  });
});
