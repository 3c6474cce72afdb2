import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NodeUpstreamBody } from './node-upstream-body.ts';
import type { SseAnswer } from './post-sse.ts';
import { readWholeJsonAnswer, wholeJsonAnswerIfHere } from './whole-answer.ts';

function answerOf(readable: Readable): { answer: SseAnswer; released: () => number } {
  let released = 0;
  const body = new NodeUpstreamBody(readable, undefined);
  const answer: SseAnswer = { response: { status: 200, header: () => 'application/json', body }, release: () => (released += 1) };
  return { answer, released: () => released };
}

function bodyOf(...chunks: Array<string | null>): Readable {
  const readable = new Readable({ read() {} });
  for (const chunk of chunks) readable.push(chunk);
  return readable;
}

const context = (abortSignal = new AbortController().signal) => ({ provider: 'openai.responses', abortSignal, brokeOff: 'openai.responses answer broke off' });

describe('wholeJsonAnswerIfHere', () => {
  it('parses a body that is all here at once and releases the idle watch, as readWholeJsonAnswer does', async () => {
    const now = answerOf(bodyOf('{"status":', '"completed"}', null));
    expect(wholeJsonAnswerIfHere(now.answer, context())).toEqual({ payload: { status: 'completed' }, text: '{"status":"completed"}' });
    expect(now.released()).toBe(1);
    const later = answerOf(bodyOf('{"status":', '"completed"}', null));
    expect(await readWholeJsonAnswer(later.answer, context())).toEqual({ payload: { status: 'completed' }, text: '{"status":"completed"}' });
    expect(later.released()).toBe(1);
  });

  it('reads nothing and releases nothing while more is to come: readWholeJsonAnswer then waits for it', async () => {
    const readable = bodyOf('{"status":');
    const { answer, released } = answerOf(readable);
    expect(wholeJsonAnswerIfHere(answer, context())).toBeUndefined();
    expect(released()).toBe(0);
    const read = readWholeJsonAnswer(answer, context());
    readable.push('"completed"}');
    readable.push(null);
    expect((await read).payload).toEqual({ status: 'completed' });
    expect(released()).toBe(1);
  });

  it('fails as readWholeJsonAnswer fails: malformed JSON is an invalid_response, an abort its reason', async () => {
    expect(() => wholeJsonAnswerIfHere(answerOf(bodyOf('{"status"', null)).answer, context())).toThrow(/sent malformed JSON/);
    await expect(readWholeJsonAnswer(answerOf(bodyOf('{"status"', null)).answer, context())).rejects.toThrow(/sent malformed JSON/);
    const controller = new AbortController();
    const reason = new Error('client left');
    controller.abort(reason);
    expect(() => wholeJsonAnswerIfHere(answerOf(bodyOf('{}', null)).answer, context(controller.signal))).toThrow(reason);
    await expect(readWholeJsonAnswer(answerOf(bodyOf('{}', null)).answer, context(controller.signal))).rejects.toBe(reason);
  });
});
