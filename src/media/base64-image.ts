/**
 * Images that arrive as base64 text (OpenAI's `b64_json`) and leave as base64 text (`result`,
 * `partial_image_b64`, `b64_json`): kept as the text they came in, so a relay neither decodes
 * nor encodes them. Whoever needs the bytes (an edit, a stored blob) decodes them on each read.
 */

/** An image held only as its base64 text; `data` decodes it on each read (nothing keeps both). */
export interface Base64Image {
  readonly base64: string;
  readonly data: Uint8Array;
}

export function lazyBase64Image(base64: string): Base64Image {
  return {
    base64,
    get data(): Uint8Array {
      return Buffer.from(base64, 'base64');
    },
  };
}

/** An image's base64 text: the text it arrived as when it did, else its bytes encoded. */
export function imageBase64(image: { readonly data: Uint8Array; readonly base64?: string | undefined }): string {
  if (image.base64 !== undefined) return image.base64;
  const { data } = image;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** The first `byteCount` bytes base64 text decodes to (enough to read a header), without decoding the rest. */
export function base64Head(base64: string, byteCount = 64): Uint8Array {
  return Buffer.from(base64.slice(0, Math.ceil(byteCount / 3) * 4), 'base64');
}
