import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/api-error.ts';
import { ImageGenerationError } from '../../providers/spec/image-generation-error.ts';
import { ProviderError } from '../../providers/spec/provider-error.ts';
import { toImagesApiError } from './images-failure.ts';

const userError = (message: string, code = 'invalid_request') => new ImageGenerationError(message, code, 'image_generation_user_error');

describe('toImagesApiError', () => {
  it('a refusal the caller caused is a 400, naming the field the backend names', () => {
    expect(toImagesApiError(userError('dall-e-3 makes one image per request: n must be 1 (got 3).'))).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'n', code: 'invalid_request' });
    expect(toImagesApiError(userError('Invalid partial_images 5: expected an integer from 0 to 3.'))).toMatchObject({ param: 'partial_images' });
    expect(toImagesApiError(userError('The prompt was not understood.'))).toMatchObject({ status: 400, param: null });
  });

  it('moderation keeps its type and code', () => {
    expect(toImagesApiError(userError('blocked', 'moderation_blocked'))).toMatchObject({ status: 400, type: 'image_generation_user_error', code: 'moderation_blocked' });
  });

  it('backend faults are 502 server_error; upstream 429 is a 429 with rate_limit_exceeded and Retry-After', () => {
    expect(toImagesApiError(new ImageGenerationError('no image', 'server_error'))).toMatchObject({ status: 502, type: 'server_error', code: 'server_error' });
    expect(toImagesApiError(new ProviderError({ provider: 'openai', kind: 'http', status: 429, message: 'slow down', retryAfterMillis: 2500 }))).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      retryAfterSeconds: 3,
    });
  });

  it('an upstream 400 naming the upstream size is a 400 naming size', () => {
    const upstream = new ProviderError({ provider: 'openai', kind: 'http', status: 400, message: 'bad size', upstream: { param: 'size', code: 'invalid_value', message: 'Invalid size.' } });
    expect(toImagesApiError(new ImageGenerationError('Invalid size.', 'invalid_value', 'image_generation_user_error', { cause: upstream }))).toMatchObject({ status: 400, param: 'size', code: 'invalid_value' });
  });

  it('anything else is left alone for the error handler', () => {
    const bug = new TypeError('oops');
    expect(toImagesApiError(bug)).toBe(bug);
    const apiError = new ApiError(404, 'invalid_request_error', 'nope');
    expect(toImagesApiError(apiError)).toBe(apiError);
  });
});
