import { describe, expect, it } from 'vitest';
import { readResponsesFixture } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { OpenAIResponsesEventReader } from '../openai/openai-responses-event-reader.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { streamSseParts } from './sse-part-stream.ts';
import type { UpstreamAnswer, UpstreamBody } from './upstream-http.ts';

const provider = 'openai.responses';
const encoder = new TextEncoder();

/** An UpstreamBody over fixed chunks that records how its reader left it. */
class ScriptedBody implements UpstreamBody {
  cancelled = 0;
  drained = 0;
  /** Chunks handed out, and whether the iteration was left before its end. */
  read = 0;
  left = false;
  /** Set: the body fails with this after its chunks, as a connection that breaks. */
  constructor(
    private readonly chunks: Uint8Array[],
    private readonly failure?: Error,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    let ended = false;
    try {
      for (const chunk of this.chunks) {
        this.read += 1;
        yield chunk;
      }
      ended = true;
      if (this.failure) throw this.failure;
    } finally {
      if (!ended) this.left = true;
    }
  }

  text(): Promise<string> {
    return Promise.reject(new Error('not read whole'));
  }

  bytes(): Promise<Uint8Array> {
    return Promise.reject(new Error('not read whole'));
  }

  cancel(): void {
    this.cancelled += 1;
  }

  drain(): Promise<void> {
    this.drained += 1;
    return Promise.resolve();
  }
}

function answerOf(body: UpstreamBody): { answer: { response: UpstreamAnswer; release: () => void }; released: () => number } {
  let released = 0;
  const response: UpstreamAnswer = { status: 200, header: () => 'text/event-stream', body };
  return { answer: { response, release: () => (released += 1) }, released: () => released };
}

function partsOf(body: UpstreamBody, abortSignal = new AbortController().signal) {
  const { answer, released } = answerOf(body);
  const stream = streamSseParts(answer, { provider, abortSignal, brokeOff: `${provider} stream broke off` }, new OpenAIResponsesEventReader(provider));
  return { stream, released };
}

async function collect(stream: AsyncIterable<LanguageModelStreamPart>): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

const sse = (events: Array<Record<string, unknown>>) => events.map((event) => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`).join('');
const completed = { type: 'response.completed', response: { status: 'completed', output: [], usage: { input_tokens: 3, output_tokens: 2 } } };

describe('streamSseParts with the Responses event reader', () => {
  it('yields the same parts for a stream cut at every byte, in two pieces and in single bytes', async () => {
    for (const fixture of ['text.stream.sse', 'function-call.stream.sse']) {
      const bytes = encoder.encode(readResponsesFixture(fixture));
      const whole = await collect(partsOf(new ScriptedBody([bytes])).stream);
      expect(whole.at(-1)).toMatchObject({ type: 'finish' });
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(await collect(partsOf(new ScriptedBody([bytes.subarray(0, cut), bytes.subarray(cut)])).stream)).toEqual(whole);
      }
      const single = [...bytes].map((byte) => Uint8Array.of(byte));
      expect(await collect(partsOf(new ScriptedBody(single)).stream)).toEqual(whole);
    }
  });

  it('keeps a multi-byte character cut between chunks, with CRLF line ends', async () => {
    const text = sse([{ type: 'response.output_text.delta', delta: 'é🦊 ok' }, completed]).replaceAll('\n', '\r\n');
    const bytes = encoder.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = await collect(partsOf(new ScriptedBody([bytes.subarray(0, cut), bytes.subarray(cut)])).stream);
      expect(parts[0]).toEqual({ type: 'text-delta', delta: 'é🦊 ok' });
    }
  });

  it('ends at the terminal event: the idle watch is released and the rest of the body drained, not cancelled', async () => {
    const body = new ScriptedBody([encoder.encode(sse([{ type: 'response.output_text.delta', delta: 'Hi' }, completed])), encoder.encode('data: [DONE]\n\n')]);
    const { stream, released } = partsOf(body);
    expect((await collect(stream)).map((part) => part.type)).toEqual(['text-delta', 'finish']);
    expect({ released: released(), drained: body.drained, cancelled: body.cancelled, read: body.read, left: body.left }).toEqual({ released: 1, drained: 1, cancelled: 0, read: 1, left: true });
  });

  it('a malformed delta mid-stream: the parts before it, then invalid_response, and the body is cancelled', async () => {
    const text = sse([{ type: 'response.output_text.delta', delta: 'Hel' }, { type: 'response.output_text.delta', delta: 'lo' }, { type: 'response.output_text.delta', delta: 7 }, completed]);
    const body = new ScriptedBody([encoder.encode(text)]);
    const { stream, released } = partsOf(body);
    const parts: LanguageModelStreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of stream) parts.push(part);
      })(),
    );
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
    ]);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'openai.responses sent a malformed response.output_text.delta event' });
    expect({ released: released(), cancelled: body.cancelled, drained: body.drained }).toEqual({ released: 1, cancelled: 1, drained: 0 });
  });

  it('a body that ends before the terminal event is an invalid_response; one that breaks off says so', async () => {
    const cut = new ScriptedBody([encoder.encode(sse([{ type: 'response.output_text.delta', delta: 'Hi' }]))]);
    expect(await rejection(collect(partsOf(cut).stream))).toMatchObject({ kind: 'invalid_response', message: 'openai.responses stream ended before response.completed' });
    const broken = new ScriptedBody([encoder.encode(sse([{ type: 'response.output_text.delta', delta: 'Hi' }]))], new Error('socket hang up'));
    expect(await rejection(collect(partsOf(broken).stream))).toMatchObject({ kind: 'invalid_response', message: 'openai.responses stream broke off' });
  });

  it('rejects with the abort reason once aborted, even with parts queued, then ends; the body is cancelled', async () => {
    const controller = new AbortController();
    const text = sse([{ type: 'response.output_text.delta', delta: 'a' }, { type: 'response.output_text.delta', delta: 'b' }, completed]);
    const body = new ScriptedBody([encoder.encode(text)]);
    const iterator = partsOf(body, controller.signal).stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'text-delta', delta: 'a' } });
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await rejection(iterator.next())).toBe(reason);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    // The terminal event had been read with the chunk: the body was finished, so it was drained.
    expect(body.drained + body.cancelled).toBe(1);
  });

  it('a consumer that stops early cancels the body and releases the watch', async () => {
    const body = new ScriptedBody([encoder.encode(sse([{ type: 'response.output_text.delta', delta: 'a' }])), encoder.encode(sse([completed]))]);
    const { stream, released } = partsOf(body);
    for await (const part of stream) {
      expect(part).toEqual({ type: 'text-delta', delta: 'a' });
      break;
    }
    expect({ released: released(), cancelled: body.cancelled, drained: body.drained, left: body.left }).toEqual({ released: 1, cancelled: 1, drained: 0, left: true });
  });
});
