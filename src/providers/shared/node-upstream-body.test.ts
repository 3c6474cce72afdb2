import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NodeUpstreamBody } from './node-upstream-body.ts';

describe('NodeUpstreamBody read whole', () => {
  it('joins the chunks as text (a character split across chunks too), one onChunk per chunk', async () => {
    let chunks = 0;
    const euro = Buffer.from('€');
    const body = new NodeUpstreamBody(Readable.from([Buffer.from('{"a":"'), euro.subarray(0, 1), euro.subarray(1), Buffer.from('"}')]), () => (chunks += 1));
    expect(await body.text()).toBe('{"a":"€"}');
    expect(chunks).toBe(4);
  });

  it('gives one chunk as it came and an empty body as no bytes', async () => {
    const only = Buffer.from('abc');
    expect(await new NodeUpstreamBody(Readable.from([only]), undefined).bytes()).toBe(only);
    expect((await new NodeUpstreamBody(Readable.from([]), undefined).bytes()).byteLength).toBe(0);
  });

  it('fails with the error the body was destroyed with (an abort reason, an idle timeout)', async () => {
    const readable = new Readable({ read() {} });
    const body = new NodeUpstreamBody(readable, undefined);
    const text = body.text();
    readable.push('partial');
    const reason = new Error('timed out');
    readable.destroy(reason);
    await expect(text).rejects.toBe(reason);
  });

  it('fails, never hangs, on a body closed before its end or already gone', async () => {
    const readable = new Readable({ read() {} });
    const text = new NodeUpstreamBody(readable, undefined).text();
    readable.destroy();
    await expect(text).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    await expect(new NodeUpstreamBody(readable, undefined).bytes()).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('takes a body that is all here already (it came with its headers) at once, and the stream still ends', async () => {
    const readable = new Readable({ read() {} });
    readable.push('{"a":');
    readable.push('"€"}');
    readable.push(null);
    let chunks = 0;
    let ended = false;
    readable.once('end', () => (ended = true));
    expect(await new NodeUpstreamBody(readable, () => (chunks += 1)).text()).toBe('{"a":"€"}');
    expect(chunks).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(true);

    const empty = new Readable({ read() {} });
    empty.push(null);
    expect((await new NodeUpstreamBody(empty, undefined).bytes()).byteLength).toBe(0);
  });

  it('waits for the rest of a body whose end has not come yet', async () => {
    const readable = new Readable({ read() {} });
    readable.push('{"a":');
    const text = new NodeUpstreamBody(readable, undefined).text();
    readable.push('1}');
    readable.push(null);
    expect(await text).toBe('{"a":1}');
  });
});
