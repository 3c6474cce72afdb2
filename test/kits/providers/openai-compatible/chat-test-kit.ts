/**
 * Test support for the Chat Completions adapter: recorded fixtures, a fake server that replays
 * them the way each server would answer, and small builders. Test-only; nothing in src imports it.
 */
import { readFileSync } from 'node:fs';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import { contractCallOptions } from '../contract/language-model.contract.ts';
import { readSse } from '../../../../src/providers/shared/read-sse.ts';
import type { LanguageModelCallOptions, LanguageModelMessage, LanguageModelStreamPart, LanguageModelTool } from '../../../../src/providers/spec/language-model.ts';

export function readChatFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/providers/openai-compatible/${name}`, import.meta.url), 'utf8');
}

export function readChatFixtureJson(name: string): unknown {
  return JSON.parse(readChatFixture(name)) as unknown;
}

/** An SSE fixture as a body split into `size`-byte chunks, parsed as the adapter parses it. */
export function sseMessagesOf(payload: string, size = 7) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of splitIntoChunks(payload, size)) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return readSse(body);
}

export const WEATHER_TOOL: LanguageModelTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

export function userText(text: string): LanguageModelMessage {
  return { role: 'user', content: [{ type: 'text', text }] };
}

export function callOptions(overrides: Partial<LanguageModelCallOptions> = {}): LanguageModelCallOptions {
  return contractCallOptions({ prompt: [userText('Say hello in a few words.')], ...overrides });
}

export async function collect(stream: AsyncIterable<LanguageModelStreamPart>): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The body the adapter sent, as JSON. */
export function sentBody(request: RecordedRequest | undefined): Record<string, unknown> {
  if (request === undefined) throw new Error('nothing was sent');
  return request.json() as Record<string, unknown>;
}

/** A reply replaying a fixture: JSON files as JSON, SSE files split into `chunkSize`-byte chunks. */
export function fixtureReply(name: string, chunkSize = 5): FakeReply {
  if (name.endsWith('.json')) return { json: readChatFixtureJson(name) };
  return { chunks: splitIntoChunks(readChatFixture(name), chunkSize) };
}

/**
 * A fake server answering as `server` (`openai` or `ollama`) would: a tool call when tools are
 * offered, text otherwise, streamed when asked to stream.
 */
export function startChatFixtureServer(server: 'openai' | 'ollama'): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => {
    const body = sentBody(request);
    const kind = Array.isArray(body.tools) && body.tools.length > 0 ? 'tool-call' : 'text';
    // Larger chunks than the 5-byte split tests: the contract runs many streams.
    return fixtureReply(`${server}-${kind}.${body.stream === true ? 'sse' : 'json'}`, 64);
  });
}
