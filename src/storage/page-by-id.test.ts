import { describe, expect, it } from 'vitest';
import { pageById } from './page-by-id.ts';

const ids = ['a', 'b', 'c', 'd'];

describe('pageById', () => {
  it('returns positions into the original list', () => {
    expect(pageById(ids, { limit: 3, order: 'desc' })).toEqual({ positions: [3, 2, 1], hasMore: true });
    expect(pageById(ids, { limit: 4, order: 'asc' })).toEqual({ positions: [0, 1, 2, 3], hasMore: false });
  });

  it('handles empty lists, a zero limit and crossed cursors', () => {
    expect(pageById([], { limit: 2, order: 'asc' })).toEqual({ positions: [], hasMore: false });
    expect(pageById(ids, { limit: 0, order: 'asc' })).toEqual({ positions: [], hasMore: true });
    expect(pageById(ids, { limit: 5, order: 'asc', after: 'c', before: 'a' })).toEqual({ positions: [], hasMore: false });
  });

  it('pages back from before to the nearest items', () => {
    expect(pageById(ids, { limit: 2, order: 'asc', before: 'd' })).toEqual({ positions: [1, 2], hasMore: true });
    expect(pageById(ids, { limit: 2, order: 'desc', before: 'a' })).toEqual({ positions: [2, 1], hasMore: true });
  });
});
