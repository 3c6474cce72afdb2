import { describe, expect, it } from 'vitest';
import type { ResponseEvent } from '../responses/wire/stream-events.ts';
import { SSE_HIGH_WATER_BYTES, createSseChannel, sendHeadersWithFirstEvents } from './sse.ts';

const partial = (index: number) =>
  ({ type: 'response.image_generation_call.partial_image', item_id: 'ig_1', output_index: 0, partial_image_index: index, partial_image_b64: 'A'.repeat(SSE_HIGH_WATER_BYTES), sequence_number: index }) as unknown as ResponseEvent;

describe('createSseChannel', () => {
  it('asks the producer to wait once a client is a high-water mark behind, until it reads', async () => {
    const channel = createSseChannel();
    expect(channel.backlog()).toBeUndefined();
    channel.send(partial(0));
    const backlog = channel.backlog();
    expect(backlog).toBeInstanceOf(Promise);
    let resumed = false;
    void backlog?.then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);

    const reader = channel.stream.getReader();
    const { value } = await reader.read();
    expect(Buffer.from(value ?? new Uint8Array()).toString('latin1')).toBe(`event: response.image_generation_call.partial_image\ndata: ${JSON.stringify(partial(0))}\n\n`);
    await backlog;
    expect(resumed).toBe(true);
    expect(channel.backlog()).toBeUndefined();
  });

  it('lets a waiting producer go when the client goes away', async () => {
    const channel = createSseChannel();
    channel.send(partial(0));
    const backlog = channel.backlog();
    await channel.stream.cancel();
    await expect(backlog).resolves.toBeUndefined();
    expect(channel.signal.aborted).toBe(true);
  });

  it('aborts its signal, with the reason, when the request it answers is aborted (the socket closed)', () => {
    const request = new AbortController();
    const channel = createSseChannel(request.signal);
    expect(channel.signal.aborted).toBe(false);
    const reason = new Error('Client connection prematurely closed.');
    request.abort(reason);
    expect(channel.signal.aborted).toBe(true);
    expect(channel.signal.reason).toBe(reason);
  });

  it('starts aborted for a request already aborted', () => {
    const channel = createSseChannel(AbortSignal.abort('gone'));
    expect(channel.signal.aborted).toBe(true);
    expect(channel.signal.reason).toBe('gone');
  });
});

describe('sendHeadersWithFirstEvents', () => {
  it('holds the response writes until the turn after, so the headers leave with the events sent in this one', async () => {
    const calls: string[] = [];
    sendHeadersWithFirstEvents({ cork: () => calls.push('cork'), uncork: () => calls.push('uncork') });
    expect(calls).toEqual(['cork']);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['cork', 'uncork']);
  });

  it('leaves a response it cannot hold (HTTP/2, none) alone', () => {
    expect(() => sendHeadersWithFirstEvents({})).not.toThrow();
    expect(() => sendHeadersWithFirstEvents(undefined)).not.toThrow();
  });
});
