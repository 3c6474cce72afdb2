import { describe, expect, it } from 'vitest';
import { ConnectionResponses } from './connection-responses.ts';

const link = (text: string) => ({ previousResponseId: null, inputItems: [], output: [{ type: 'message', text }] });

describe('ConnectionResponses', () => {
  it('keeps at most maxResponses, dropping the least recently used (a lookup counts as a use)', () => {
    const responses = new ConnectionResponses(2);
    responses.remember('resp_a', link('a'));
    responses.remember('resp_b', link('b'));
    expect(responses.lookup('resp_a')).toEqual(link('a'));
    responses.remember('resp_c', link('c'));
    expect(responses.lookup('resp_b')).toBeUndefined();
    expect(responses.lookup('resp_a')).toEqual(link('a'));
    expect(responses.lookup('resp_c')).toEqual(link('c'));
    expect(responses.size).toBe(2);
  });

  it('forgets an evicted response', () => {
    const responses = new ConnectionResponses(4);
    responses.remember('resp_a', link('a'));
    responses.evict('resp_a');
    expect(responses.lookup('resp_a')).toBeUndefined();
    expect(responses.size).toBe(0);
  });
});
