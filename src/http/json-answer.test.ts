import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { answerHead, isJsonAnswer, jsonAnswer } from './json-answer.ts';

/** The head as `jsonAnswer` always built it: every name sorted after the request id was set. */
function sortedAsBefore(headers: Record<string, string>): Array<[string, string]> {
  const record: Record<string, string> = { 'content-type': 'application/json', ...headers, 'x-request-id': 'req_1' };
  return Object.keys(record)
    .sort()
    .map((name): [string, string] => [name, record[name] as string]);
}

describe('answerHead', () => {
  it.each([
    ['no headers', {}],
    ['a cost header', { 'x-imagegate-cost-usd': '0.000694' }],
    ['sorted names between content-type and x-request-id', { 'openai-model': 'a', 'x-imagegate-cost-usd': '1' }],
    ['unsorted names', { 'x-imagegate-cost-usd': '1', 'openai-model': 'a' }],
    ['a name before content-type', { 'cache-control': 'no-store', 'x-imagegate-cost-usd': '1' }],
    ['a content-type of its own', { 'content-type': 'application/json; charset=utf-8' }],
    ['a request id of its own (the context wins)', { 'x-request-id': 'mine' }],
    ['a name after x-request-id', { 'x-z': '1' }],
    ['a capitalised name', { 'Retry-After': '3', 'x-imagegate-cost-usd': '1' }],
  ])('names %s in the sorted order the head always had', (_, headers: Record<string, string>) => {
    expect(Object.entries(answerHead(headers, 'req_1'))).toEqual(sortedAsBefore(headers));
  });
});

describe('jsonAnswer', () => {
  const context = { get: (name: string) => (name === 'requestId' ? 'req_1' : undefined) } as unknown as Context<AppEnv>;

  it('marks its answers, and only them', () => {
    expect(isJsonAnswer(jsonAnswer(context, '{}'))).toBe(true);
    expect(isJsonAnswer(new Response('{}'))).toBe(false);
  });
});
