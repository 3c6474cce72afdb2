import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/api-error.ts';
import { parseImagegateHeaders } from './parse-imagegate-headers.ts';

const headers = (values: Record<string, string>) => (name: string) => values[name];

function headerError(values: Record<string, string>): ApiError {
  try {
    parseImagegateHeaders(headers(values));
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('parseImagegateHeaders', () => {
  it('returns nothing when no header is set', () => {
    expect(parseImagegateHeaders(headers({}))).toEqual({});
  });

  it('reads every limit', () => {
    expect(
      parseImagegateHeaders(
        headers({ 'x-imagegate-max-images': '3', 'x-imagegate-exact-images': ' 2 ', 'x-imagegate-max-tool-calls': '5' }),
      ),
    ).toEqual({ maxImages: 3, exactImages: 2, maxToolCalls: 5 });
  });

  it('allows max-images 0 and ignores empty headers', () => {
    expect(parseImagegateHeaders(headers({ 'x-imagegate-max-images': '0', 'x-imagegate-exact-images': '' }))).toEqual({ maxImages: 0 });
  });

  it.each([
    ['x-imagegate-max-images', '-1'],
    ['x-imagegate-max-images', '1.5'],
    ['x-imagegate-max-images', 'two'],
    ['x-imagegate-max-images', '1e3'],
    ['x-imagegate-max-images', '99999999999999999999'],
    ['x-imagegate-exact-images', '0'],
    ['x-imagegate-exact-images', '+2'],
    ['x-imagegate-max-tool-calls', '0'],
  ])('rejects %s: %s', (name, value) => {
    const error = headerError({ [name]: value });
    expect({ status: error.status, param: error.param, code: error.code }).toEqual({ status: 400, param: name, code: 'invalid_value' });
    expect(error.message).toContain(name);
  });

  it('rejects an exact count above the maximum', () => {
    const error = headerError({ 'x-imagegate-max-images': '1', 'x-imagegate-exact-images': '2' });
    expect({ param: error.param, code: error.code }).toEqual({ param: 'x-imagegate-exact-images', code: 'invalid_value' });
  });
});
