import sharp from 'sharp';

/** Edge of the square test photo and masks, in pixels. */
export const PHOTO_SIZE = 128;

/** A small opaque PNG "photo": a green square with a yellow disc. */
export async function photoPng(size = PHOTO_SIZE): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="#3a7"/><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#fd3"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Alpha 0 on the left half (edit there), opaque on the right half (keep). */
export async function leftHalfMaskPng(size = PHOTO_SIZE): Promise<Buffer> {
  const raw = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) raw[(y * size + x) * 4 + 3] = x < size / 2 ? 0 : 255;
  return sharp(raw, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer();
}

/** Pixels that differ between two same-sized images, counted per half. */
export async function changedHalves(before: Buffer, after: Buffer, size = PHOTO_SIZE): Promise<{ left: number; right: number }> {
  const [a, b] = await Promise.all([before, after].map((bytes) => sharp(bytes).removeAlpha().raw().toBuffer()));
  let left = 0;
  let right = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const offset = (y * size + x) * 3;
      const differs = a![offset] !== b![offset] || a![offset + 1] !== b![offset + 1] || a![offset + 2] !== b![offset + 2];
      if (differs && x < size / 2) left++;
      if (differs && x >= size / 2) right++;
    }
  }
  return { left, right };
}

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

export const fromBase64 = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64');
