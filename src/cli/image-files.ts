import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sniffImageMediaType } from '../media/sniff-image-media-type.ts';

const MAX_SLUG_LENGTH = 40;

/** Names files `<timestamp>-<slug>-<i>.<ext>` in one directory; one timestamp per command run. */
export interface ImageFileNamer {
  readonly directory: string;
  /** Saves a final image (1-based `index`); returns the path written. */
  save(bytes: Buffer, index: number): Promise<string>;
  /** Saves partial image `partialIndex` (1-based) of image `index`. */
  savePartial(bytes: Buffer, index: number, partialIndex: number): Promise<string>;
}

export function createImageFileNamer(directory: string, prompt: string, startedAt: Date = new Date()): ImageFileNamer {
  const stem = `${fileTimestamp(startedAt)}-${slugify(prompt)}`;
  const write = async (bytes: Buffer, base: string) => {
    await mkdir(directory, { recursive: true });
    return writeNewFile(directory, base, extensionOf(bytes), bytes);
  };
  return {
    directory,
    save: (bytes, index) => write(bytes, `${stem}-${index}`),
    savePartial: (bytes, index, partialIndex) => write(bytes, `${stem}-${index}-partial-${partialIndex}`),
  };
}

/** `2025-06-01T14:22:33Z` → `20250601-142233` (UTC, sorts by time). */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** Lower-case ASCII words joined by `-`, at most 40 characters; `image` when nothing is left. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.length > MAX_SLUG_LENGTH ? slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '') || slug.slice(0, MAX_SLUG_LENGTH) : slug;
  return cut.replace(/-+$/, '') || 'image';
}

/** The extension the bytes really are (a backend may answer in another format than asked). */
export function extensionOf(bytes: Uint8Array): string {
  switch (sniffImageMediaType(bytes)) {
    case 'image/jpeg':
      return 'jpg';
    case 'image/webp':
      return 'webp';
    case 'image/gif':
      return 'gif';
    default:
      return 'png';
  }
}

/** Never overwrites: a second run in the same second with the same prompt gets `_2`, `_3`, … */
async function writeNewFile(directory: string, base: string, extension: string, bytes: Buffer): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const path = join(directory, `${attempt === 1 ? base : `${base}_${attempt}`}.${extension}`);
    try {
      await writeFile(path, bytes, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
