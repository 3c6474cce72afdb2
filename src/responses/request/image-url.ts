import { z } from 'zod';
import { pushWireIssue, type WireIssue } from './wire-primitives.ts';

/** Image types vision models accept in a data URL (OpenAI: PNG, JPEG, WEBP, non-animated GIF). */
export const SUPPORTED_IMAGE_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif'];

// OpenAI's own wording, e.g. "Invalid 'input[0].content[1].image_url'. Expected a base64-encoded
// data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got
// empty base64-encoded bytes." (github.com/anomalyco/opencode/issues/23983)
const EXPECTED =
  "Invalid '{param}'. Expected a base64-encoded data URL with an image MIME type " +
  "(e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=') or an http(s) URL";

const DATA_URL_HEAD = /^data:([^;,]*)((?:;[^;,]*)*),/i;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why `url` is not a usable image URL, or `undefined` when it is one. */
export function checkImageUrl(url: string): WireIssue | undefined {
  if (/^data:/i.test(url)) return checkDataUrl(url);
  if (/^https?:\/\//i.test(url) && URL.canParse(url)) return undefined;
  const shown = url.length > 40 ? `${url.slice(0, 40)}...` : url;
  return { code: 'invalid_image_url', message: `${EXPECTED}, but got '${shown}'.` };
}

function checkDataUrl(url: string): WireIssue | undefined {
  const head = DATA_URL_HEAD.exec(url);
  if (!head) return { code: 'invalid_image_url', message: `${EXPECTED}, but got a data URL without a ',' separator.` };
  const mediaType = (head[1] ?? '').toLowerCase();
  const isBase64 = (head[2] ?? '').toLowerCase().split(';').includes('base64');
  if (!mediaType.startsWith('image/')) {
    return { code: 'invalid_image_url', message: `${EXPECTED}, but got unsupported MIME type '${mediaType}'.` };
  }
  if (!SUPPORTED_IMAGE_MEDIA_TYPES.includes(mediaType)) {
    return {
      code: 'unsupported_image_media_type',
      message: `${EXPECTED}, but got unsupported MIME type '${mediaType}'. Supported: png, jpeg, webp, gif.`,
    };
  }
  if (!isBase64) return { code: 'invalid_image_url', message: `${EXPECTED}, but got a data URL that is not base64-encoded.` };
  const payload = url.slice(head[0].length);
  if (payload.length === 0) return { code: 'invalid_base64_image', message: `${EXPECTED}, but got empty base64-encoded bytes.` };
  // Unpadded base64 is tolerated; a length of 4k+1 can never be valid.
  if (payload.length % 4 === 1 || !BASE64_BODY.test(payload)) {
    return { code: 'invalid_base64_image', message: `${EXPECTED}, but got invalid base64-encoded bytes.` };
  }
  return undefined;
}

/** A string that must be an `http(s)://` URL or a base64 `data:image/...` URL. */
export const imageUrlSchema = z.string().check((ctx) => {
  const issue = checkImageUrl(ctx.value);
  if (issue) pushWireIssue(ctx, issue);
});
