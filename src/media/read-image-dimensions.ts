/**
 * Width and height from the header of PNG, GIF, JPEG or WebP bytes, without decoding them;
 * undefined when the bytes are none of those or are cut short. Used to describe an image in a
 * text stand-in, so a wrong answer costs nothing but a vaguer description.
 */
export function readImageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (end: number) => end <= bytes.length;
  const ascii = (offset: number, text: string) => has(offset + text.length) && [...text].every((character, index) => bytes[offset + index] === character.charCodeAt(0));

  // PNG: the IHDR chunk comes first; width and height are big-endian at 16 and 20.
  if (ascii(1, 'PNG') && ascii(12, 'IHDR') && has(24)) return sized(view.getUint32(16), view.getUint32(20));
  // GIF: logical screen size, little-endian, right after the 6-byte signature.
  if (ascii(0, 'GIF8') && has(10)) return sized(view.getUint16(6, true), view.getUint16(8, true));
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return readWebp(view, ascii, has);
  if (has(2) && bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(view, has);
  return undefined;
}

function readWebp(view: DataView, ascii: (offset: number, text: string) => boolean, has: (end: number) => boolean) {
  // Lossy: a key frame starts 9d 01 2a at 23, then 14-bit width and height.
  if (ascii(12, 'VP8 ') && has(30)) return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  // Lossless: after the 0x2f signature byte, 14 bits of width-1 then 14 bits of height-1.
  if (ascii(12, 'VP8L') && has(25)) {
    const bits = view.getUint32(21, true);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  // Extended: 24-bit canvas width-1 and height-1 at 24 and 27.
  if (ascii(12, 'VP8X') && has(30)) return sized(uint24(view, 24) + 1, uint24(view, 27) + 1);
  return undefined;
}

function readJpeg(view: DataView, has: (end: number) => boolean) {
  let offset = 2;
  while (has(offset + 4)) {
    if (view.getUint8(offset) !== 0xff) return undefined;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Start-of-frame markers C0–CF carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return has(offset + 9) ? sized(view.getUint16(offset + 7), view.getUint16(offset + 5)) : undefined;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

function uint24(view: DataView, offset: number): number {
  return view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
}

function sized(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
