import { describe, expect, it } from 'vitest';
import { ConnectionResponses } from './connection-responses.ts';

const link = (text: string) => ({ previousResponseId: null, inputItems: [], output: [{ type: 'message', id: `msg_${text}`, text }] });

describe('ConnectionResponses', () => {
  it('keeps at most maxResponses, dropping the least recently used (a lookup counts as a use)', () => {
    const responses = new ConnectionResponses(2);
    responses.remember('resp_a', link('a'));
    responses.remember('resp_b', link('b'));
    expect(responses.response('resp_a')).toEqual(link('a'));
    responses.remember('resp_c', link('c'));
    expect(responses.response('resp_b')).toBeUndefined();
    expect(responses.response('resp_a')).toEqual(link('a'));
    expect(responses.response('resp_c')).toEqual(link('c'));
    expect(responses.size).toBe(2);
  });

  it('forgets an evicted response', () => {
    const responses = new ConnectionResponses(4);
    responses.remember('resp_a', link('a'));
    responses.evict('resp_a');
    expect(responses.response('resp_a')).toBeUndefined();
    expect(responses.size).toBe(0);
  });

  it('finds an item of a held response by id', () => {
    const responses = new ConnectionResponses(4);
    responses.remember('resp_a', link('a'));
    expect(responses.item('msg_a')).toEqual({ type: 'message', id: 'msg_a', text: 'a' });
    expect(responses.item('msg_b')).toBeUndefined();
  });
});
