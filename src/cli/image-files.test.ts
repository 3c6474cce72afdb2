import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createImageFileNamer, extensionOf, fileTimestamp, slugify } from './image-files.ts';

describe('image file names', () => {
  it('slugs prompts to short lower-case ASCII words', () => {
    expect(slugify('A red fox, in the SNOW!')).toBe('a-red-fox-in-the-snow');
    expect(slugify('Crème brûlée à la carte')).toBe('creme-brulee-a-la-carte');
    expect(slugify('🙂🙂')).toBe('image');
    const long = slugify('a lighthouse on a cliff at sunset with seagulls flying over the waves');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toBe('a-lighthouse-on-a-cliff-at-sunset-with');
  });

  it('stamps UTC time so names sort by time', () => {
    expect(fileTimestamp(new Date('2025-06-01T14:22:33.456Z'))).toBe('20250601-142233');
  });

  it('names the extension by what the bytes are', async () => {
    const base = sharp({ create: { width: 4, height: 4, channels: 3, background: '#123' } });
    expect(extensionOf(await base.clone().png().toBuffer())).toBe('png');
    expect(extensionOf(await base.clone().jpeg().toBuffer())).toBe('jpg');
    expect(extensionOf(await base.clone().webp().toBuffer())).toBe('webp');
  });
});

describe('createImageFileNamer', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('creates the directory, names finals and partials, and never overwrites', async () => {
    directory = mkdtempSync(join(tmpdir(), 'imagegate-namer-'));
    const target = join(directory, 'nested');
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    const at = new Date('2025-06-01T14:22:33Z');
    const namer = createImageFileNamer(target, 'a fox', at);
    expect(await namer.save(png, 1)).toBe(join(target, '20250601-142233-a-fox-1.png'));
    expect(await namer.savePartial(png, 1, 2)).toBe(join(target, '20250601-142233-a-fox-1-partial-2.png'));
    expect(await createImageFileNamer(target, 'a fox', at).save(png, 1)).toBe(join(target, '20250601-142233-a-fox-1_2.png'));
    expect(readdirSync(target)).toHaveLength(3);
  });
});
