import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { mapA1111Error } from './a1111-error.ts';
import { readA1111Fixture } from '../../../test/kits/providers/a1111/a1111-fake-server.ts';

const failure = (name: string, status: number) =>
  new ProviderError({ provider: 'a1111', kind: 'http', status, body: JSON.stringify(readA1111Fixture(name)), message: `a1111 answered ${status}`, retryAfterMillis: 3000 });

describe('mapA1111Error', () => {
  it('says how to fix the 404 of a web UI started without --api', () => {
    const error = mapA1111Error(failure('error-api-not-enabled.json', 404), '/sdapi/v1/txt2img');
    expect(error.message).toBe('a1111 has no /sdapi/v1/txt2img: start the web UI with --api (answered 404 Not Found)');
    expect(error).toMatchObject({ status: 404, isRetryable: false });
  });

  it.each([
    ['error-out-of-memory.json', 500, 'a1111 answered 500: OutOfMemoryError: CUDA out of memory. Tried to allocate 2.25 GiB. GPU 0 has a total capacity of 8.00 GiB of which 1.12 GiB is free.', true],
    ['error-sampler-not-found.json', 404, 'a1111 answered 404: HTTPException: 404: Sampler not found', false],
    ['error-validation.json', 422, 'a1111 answered 422: body.width: Input should be a valid integer, unable to parse string as an integer', false],
  ])('reads %s into the message and keeps status and retryability', (name, status, message, isRetryable) => {
    const original = failure(name, status);
    const error = mapA1111Error(original, '/sdapi/v1/txt2img');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ message, status, isRetryable, retryAfterMillis: 3000, body: original.body, cause: original });
  });

  it('passes network failures and unreadable bodies through', () => {
    const network = new ProviderError({ provider: 'a1111', kind: 'network', message: 'reset' });
    expect(mapA1111Error(network, '/x')).toBe(network);
    const html = new ProviderError({ provider: 'a1111', kind: 'http', status: 502, body: '<html>Bad Gateway</html>', message: 'x' });
    expect(mapA1111Error(html, '/x').message).toBe('a1111 answered 502: <html>Bad Gateway</html>');
  });
});
