import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchImageError, type FetchImageErrorCode } from './fetch-image-error.ts';
import { fetchImageUrl, type FetchImageUrlOptions } from './fetch-image-url.ts';

const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(56, 7)]);

let server: Server;
let origin: string;
let port: number;
const seenPaths: string[] = [];

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location });
  response.end();
}

const routes: Record<string, (response: ServerResponse) => void> = {
  '/png': (response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': pngBytes.length });
    response.end(pngBytes);
  },
  '/octet-png': (response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(pngBytes);
  },
  '/untyped-png': (response) => response.end(pngBytes),
  '/octet-garbage': (response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(Buffer.from('definitely not an image'));
  },
  '/html': (response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<html></html>');
  },
  '/big-declared': (response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': 5000 });
    response.end(Buffer.alloc(5000));
  },
  '/big-chunked': (response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    for (let index = 0; index < 10; index += 1) response.write(Buffer.alloc(500));
    response.end();
  },
  '/hang': () => undefined,
  '/hang-body': (response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.write(pngBytes);
  },
  '/missing': (response) => {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('nope');
  },
  '/redirect-to-png': (response) => redirect(response, '/png'),
  '/redirect-loop': (response) => redirect(response, '/redirect-loop'),
  '/redirect-to-ipv6-loopback': (response) => redirect(response, `http://[::1]:${port}/png`),
  '/redirect-to-localhost': (response) => redirect(response, `http://localhost:${port}/png`),
  '/redirect-to-file': (response) => redirect(response, 'file:///etc/passwd'),
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    seenPaths.push(path);
    const route = routes[path];
    if (route) route(response);
    else response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seenPaths.length = 0;
});

const local: FetchImageUrlOptions = { allowPrivateAddresses: true, maxBytes: 1000, timeoutMillis: 5000 };

async function expectCode(promise: Promise<unknown>, code: FetchImageErrorCode): Promise<FetchImageError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchImageError);
  expect((error as FetchImageError).code).toBe(code);
  return error as FetchImageError;
}

describe('fetchImageUrl address policy', () => {
  it('refuses a loopback literal by default without connecting', async () => {
    const error = await expectCode(
      fetchImageUrl(`${origin}/png`, { ...local, allowPrivateAddresses: false }),
      'invalid_image_url',
    );
    expect(error.message).toMatch(/not allowed/);
    expect(seenPaths).toEqual([]);
  });

  it('refuses a host name resolving to loopback inside the DNS lookup', async () => {
    await expectCode(
      fetchImageUrl(`http://localhost:${port}/png`, { ...local, allowPrivateAddresses: false }),
      'invalid_image_url',
    );
    expect(seenPaths).toEqual([]);
  });

  it.each(['http://0x7f000001:1/png', 'http://[::ffff:127.0.0.1]:1/png', 'http://[::1]:1/png', 'http://0.0.0.0:1/png'])(
    'refuses the disguised loopback %s',
    async (url) => {
      await expectCode(fetchImageUrl(url, { ...local, allowPrivateAddresses: false }), 'invalid_image_url');
    },
  );

  it('fetches a loopback URL when private addresses are allowed', async () => {
    const image = await fetchImageUrl(`${origin}/png`, local);
    expect(image.mediaType).toBe('image/png');
    expect(Buffer.from(image.data).equals(pngBytes)).toBe(true);
  });

  it.each(['ftp://127.0.0.1/x.png', 'file:///etc/passwd', 'not a url'])('refuses %s', async (url) => {
    await expectCode(fetchImageUrl(url, local), 'invalid_image_url');
  });
});

describe('fetchImageUrl redirects', () => {
  it('follows a redirect', async () => {
    const image = await fetchImageUrl(`${origin}/redirect-to-png`, local);
    expect(image.mediaType).toBe('image/png');
    expect(seenPaths).toEqual(['/redirect-to-png', '/png']);
  });

  it('re-checks a literal redirect target', async () => {
    const options = { ...local, isAddressAllowed: (address: string) => address === '127.0.0.1' };
    await expectCode(fetchImageUrl(`${origin}/redirect-to-ipv6-loopback`, options), 'invalid_image_url');
    expect(seenPaths).toEqual(['/redirect-to-ipv6-loopback']);
  });

  it('re-checks a redirect target resolved through DNS', async () => {
    const checked: string[] = [];
    const isAddressAllowed = (address: string): boolean => {
      checked.push(address);
      return checked.length === 1;
    };
    await expectCode(fetchImageUrl(`${origin}/redirect-to-localhost`, { ...local, isAddressAllowed }), 'invalid_image_url');
    expect(seenPaths).toEqual(['/redirect-to-localhost']);
    expect(checked.length).toBeGreaterThan(1);
  });

  it('refuses a redirect to another scheme', async () => {
    await expectCode(fetchImageUrl(`${origin}/redirect-to-file`, local), 'invalid_image_url');
  });

  it('stops after maxRedirects', async () => {
    await expectCode(fetchImageUrl(`${origin}/redirect-loop`, { ...local, maxRedirects: 2 }), 'failed_to_download_image');
    expect(seenPaths).toHaveLength(3);
  });
});

describe('fetchImageUrl limits', () => {
  it('refuses a declared Content-Length above maxBytes', async () => {
    await expectCode(fetchImageUrl(`${origin}/big-declared`, local), 'image_file_too_large');
  });

  it('stops a chunked body once it passes maxBytes', async () => {
    await expectCode(fetchImageUrl(`${origin}/big-chunked`, local), 'image_file_too_large');
  });

  it('times out when the server never answers', async () => {
    const startedAt = Date.now();
    const error = await expectCode(
      fetchImageUrl(`${origin}/hang`, { ...local, timeoutMillis: 200 }),
      'failed_to_download_image',
    );
    expect(error.message).toMatch(/timed out/);
    expect(Date.now() - startedAt).toBeLessThan(3000);
  });

  it('times out while the body stalls', async () => {
    const error = await expectCode(
      fetchImageUrl(`${origin}/hang-body`, { ...local, timeoutMillis: 200 }),
      'failed_to_download_image',
    );
    expect(error.message).toMatch(/timed out/);
  });

  it('rejects with the caller reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = fetchImageUrl(`${origin}/hang`, { ...local, abortSignal: controller.signal });
    setImmediate(() => controller.abort(reason));
    await expect(pending).rejects.toBe(reason);
  });

  it('reports a non-2xx status as a download failure', async () => {
    const error = await expectCode(fetchImageUrl(`${origin}/missing`, local), 'failed_to_download_image');
    expect(error.message).toMatch(/404/);
  });
});

describe('fetchImageUrl media types', () => {
  it('rejects a non-image content type', async () => {
    await expectCode(fetchImageUrl(`${origin}/html`, local), 'unsupported_image_media_type');
  });

  it.each(['/octet-png', '/untyped-png'])('sniffs PNG bytes served from %s', async (path) => {
    const image = await fetchImageUrl(`${origin}${path}`, local);
    expect(image.mediaType).toBe('image/png');
  });

  it('rejects untyped bytes that are no known image', async () => {
    await expectCode(fetchImageUrl(`${origin}/octet-garbage`, local), 'unsupported_image_media_type');
  });
});
