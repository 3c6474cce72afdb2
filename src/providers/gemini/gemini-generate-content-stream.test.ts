import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { readSse } from '../shared/read-sse.ts';
import { streamBody } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { geminiCallIdSource } from './gemini-generate-content-call-id.ts';
import { mapGeminiGenerateContentStream } from './gemini-generate-content-stream.ts';
import { readGeminiFixture } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';

function map(stream: ReadableStream<Uint8Array>, abortSignal = new AbortController().signal, signatures: Array<[string, string]> = []) {
  return mapGeminiGenerateContentStream(readSse(stream), {
    provider: 'gemini',
    abortSignal,
    callIds: geminiCallIdSource([{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }]),
    onSignature: (id, signature) => void signatures.push([id, signature]),
  });
}

async function collect(chunks: string[], failure?: Error, signatures?: Array<[string, string]>): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of map(streamBody(chunks, failure), undefined, signatures)) parts.push(part);
  return parts;
}

const failure = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
const data = (json: unknown) => `data: ${JSON.stringify(json)}\r\n\r\n`;
const textStream = readGeminiFixture('stream-text.sse');

describe('mapGeminiGenerateContentStream', () => {
  it('streams text deltas, then finish with the last usage, split every 6 bytes', async () => {
    expect(await collect(splitIntoChunks(textStream, 6))).toEqual([
      { type: 'text-delta', delta: "Hello there! I'm" },
      { type: 'text-delta', delta: ' doing well, thanks for asking.' },
      { type: 'text-delta', delta: ' How can I help you today?' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 8, cachedInputTokens: 0, outputTokens: 18 + 30, reasoningTokens: 30 } },
    ]);
  });

  it('passes a function call on whole, keeps its signature and finishes with tool-calls', async () => {
    const signatures: Array<[string, string]> = [];
    const parts = await collect(splitIntoChunks(readGeminiFixture('stream-function-call.sse'), 6), undefined, signatures);
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: expect.stringMatching(/^call_[0-9a-f]{24}$/), toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 29, cachedInputTokens: 0, outputTokens: 60, reasoningTokens: 45 } },
    ]);
    expect(signatures).toEqual([[parts[0]?.type === 'tool-call' ? parts[0].toolCallId : '', expect.stringMatching(/^EqUCCqIC/)]]);
  });

  it('gives parallel calls in one answer distinct ids', async () => {
    const call = (city: string) => ({ functionCall: { name: 'get_weather', args: { city } } });
    const parts = await collect([data({ candidates: [{ content: { role: 'model', parts: [call('Paris'), call('Paris')] }, finishReason: 'STOP' }] })]);
    const ids = parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolCallId] : []));
    expect(new Set(ids).size).toBe(2);
  });

  it('ends a blocked prompt with content-filter', async () => {
    const parts = await collect([readGeminiFixture('stream-prompt-blocked.sse')]);
    expect(parts).toEqual([{ type: 'finish', finishReason: 'content-filter', usage: { inputTokens: 9, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 } }]);
  });

  it('rejects a stream without a final finishReason as invalid_response', async () => {
    const withoutFinal = textStream.split('\r\n\r\n').slice(0, 2).join('\r\n\r\n') + '\r\n\r\n';
    await expect(collect([withoutFinal])).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'gemini stream ended without a finishReason' });
  });

  it('rejects a connection cut mid-stream and malformed JSON as invalid_response', async () => {
    const cut = await failure(collect([textStream.slice(0, 300)], new TypeError('terminated')));
    expect(cut).toMatchObject({ kind: 'invalid_response', message: 'gemini stream broke off before the answer was complete' });
    await expect(collect(['data: {"candidates":[\r\n\r\n'])).rejects.toMatchObject({ kind: 'invalid_response', message: 'gemini sent a stream event that is not JSON' });
  });

  it('rejects an error chunk with its status', async () => {
    const error = await failure(collect([data({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })]));
    expect(error).toMatchObject({ kind: 'http', status: 503, isRetryable: true, message: 'gemini reported an error mid-stream: UNAVAILABLE: The model is overloaded. Please try again later.' });
  });

  it('rejects with the abort reason once aborted, and cancels the body', async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    const stream = streamBody([textStream.split('\r\n\r\n').slice(0, 2).join('\r\n\r\n') + '\r\n\r\n'], 'stay-open');
    const iterator = map(stream, controller.signal);
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
    expect(stream.cancelled()).toBe(true);
  });
});
