import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { FetchImageError } from './fetch-image-error.ts';
import { blockedAddressError, createGuardedLookup } from './guarded-lookup.ts';
import { isPublicAddress } from './is-public-address.ts';
import { sniffImageMediaType } from '../media/sniff-image-media-type.ts';

export interface FetchImageUrlOptions {
  /** Lets URLs reach loopback, private, link-local and other non-public addresses (local setups only). */
  allowPrivateAddresses: boolean;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Budget for the whole fetch, redirects and body included, in milliseconds. */
  timeoutMillis: number;
  /** Redirects followed before giving up; each target is checked again. Default 3. */
  maxRedirects?: number;
  /** Cancels the fetch; the promise then rejects with the signal's reason, not a FetchImageError. */
  abortSignal?: AbortSignal;
  /** Replaces the address policy (`allowPrivateAddresses` is then ignored); meant for tests. */
  isAddressAllowed?: (address: string) => boolean;
}

export interface FetchedImage {
  data: Uint8Array;
  /** From the `Content-Type` header, or sniffed from the bytes, e.g. `image/png`. */
  mediaType: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const untypedMediaTypes = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Downloads an image named by an `http(s)` URL a user sent, guarded against server-side
 * request forgery: every host (each redirect hop too) is resolved by us and refused when it
 * is not public, inside the connection's own DNS lookup. Throws {@link FetchImageError}.
 */
export async function fetchImageUrl(url: string, options: FetchImageUrlOptions): Promise<FetchedImage> {
  const isAddressAllowed =
    options.isAddressAllowed ?? (options.allowPrivateAddresses ? () => true : isPublicAddress);
  const maxRedirects = options.maxRedirects ?? 3;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new FetchImageError(`Downloading the image timed out after ${options.timeoutMillis} ms.`, 'failed_to_download_image'),
    );
  }, options.timeoutMillis);
  const forwardAbort = (): void => controller.abort(options.abortSignal?.reason);
  if (options.abortSignal?.aborted) forwardAbort();
  options.abortSignal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    let target = parseImageUrl(url);
    for (let redirects = 0; ; redirects += 1) {
      const response = await requestOnce(target, controller.signal, isAddressAllowed);
      const location = response.headers.location;
      if (response.statusCode !== undefined && redirectStatuses.has(response.statusCode) && location) {
        response.destroy();
        if (redirects >= maxRedirects) {
          throw new FetchImageError(`The image URL redirected more than ${maxRedirects} times.`, 'failed_to_download_image');
        }
        target = parseImageUrl(location, target);
        continue;
      }
      return await readImage(response, options.maxBytes, controller.signal);
    }
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    options.abortSignal?.removeEventListener('abort', forwardAbort);
  }
}

function parseImageUrl(text: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(text, base);
  } catch (error) {
    throw new FetchImageError('The image URL is not a valid URL.', 'invalid_image_url', { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchImageError(
      `The image URL scheme ${parsed.protocol} is not allowed; use https, http or a data URL.`,
      'invalid_image_url',
    );
  }
  return parsed;
}

function requestOnce(
  target: URL,
  signal: AbortSignal,
  isAddressAllowed: (address: string) => boolean,
): Promise<IncomingMessage> {
  // URL keeps IPv6 literals bracketed; the WHATWG parser already turned forms like 0x7f.1 into 127.0.0.1.
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // Node connects to literal IPs without calling `lookup`, so they are checked here.
  if (isIP(host) !== 0 && !isAddressAllowed(host)) return Promise.reject(blockedAddressError(host));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method: 'GET',
        // A pooled socket could have been connected without our lookup; never reuse one.
        agent: false,
        lookup: createGuardedLookup(isAddressAllowed),
        signal,
        headers: { accept: 'image/*', 'user-agent': 'imagegate' },
      },
      resolve,
    );
    outgoing.on('error', (error) => reject(asDownloadError(error)));
    outgoing.end();
  });
}

async function readImage(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<FetchedImage> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.destroy();
    throw new FetchImageError(`Downloading the image failed with HTTP status ${status}.`, 'failed_to_download_image');
  }
  const headerMediaType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const headerIsImage = headerMediaType.startsWith('image/');
  if (!headerIsImage && !untypedMediaTypes.has(headerMediaType)) {
    response.destroy();
    throw unsupportedMediaType(headerMediaType);
  }
  const declaredLength = Number(response.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    response.destroy();
    throw tooLarge(maxBytes);
  }
  const data = await readBody(response, maxBytes, signal);
  if (data.length === 0) throw new FetchImageError('The image URL returned an empty body.', 'failed_to_download_image');
  // Bytes beat labels: servers often send e.g. image/jpg or a wrong type for a known format.
  const mediaType = sniffImageMediaType(data) ?? (headerIsImage ? headerMediaType : undefined);
  if (mediaType === undefined) throw unsupportedMediaType(headerMediaType || 'unknown');
  return { data, mediaType };
}

async function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response) {
      const bytes = chunk as Buffer;
      total += bytes.length;
      if (total > maxBytes) {
        response.destroy();
        throw tooLarge(maxBytes);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof FetchImageError || signal.aborted) throw error;
    throw asDownloadError(error);
  }
  const body = Buffer.concat(chunks, total);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

function asDownloadError(error: unknown): FetchImageError {
  if (error instanceof FetchImageError) return error;
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new FetchImageError(`Downloading the image failed${detail}`, 'failed_to_download_image', { cause: error });
}

function tooLarge(maxBytes: number): FetchImageError {
  return new FetchImageError(`The image is larger than the ${maxBytes} bytes allowed.`, 'image_file_too_large');
}

function unsupportedMediaType(mediaType: string): FetchImageError {
  return new FetchImageError(
    `The image URL returned media type ${mediaType}; expected an image (PNG, JPEG, WebP or GIF).`,
    'unsupported_image_media_type',
  );
}
