/**
 * Test support: the recorded Responses fixtures, and a local fake of `POST /responses` that
 * answers the contract suite's two scenarios (plain text; a forced `get_weather` call) as JSON
 * or as an event stream, depending on what the adapter asked for.
 */
import { readFileSync } from 'node:fs';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from '../../../support/fake-http-server.ts';

const fixturesDirectory = new URL('../../../fixtures/providers/openai/responses/', import.meta.url);

/** A fixture's text, e.g. `text.stream.sse`. */
export function readResponsesFixture(name: string): string {
  return readFileSync(new URL(name, fixturesDirectory), 'utf8');
}

export function readResponsesJsonFixture(name: string): Record<string, unknown> {
  return JSON.parse(readResponsesFixture(name)) as Record<string, unknown>;
}

/** A recorded stream, cut into small chunks (7 bytes by default) so events cross chunk borders. */
export function streamReply(name: string, chunkSize = 7): FakeReply {
  return { chunks: splitIntoChunks(readResponsesFixture(name), chunkSize) };
}

/** The fixture pair for what the adapter sent: `function-call` when tools were offered. */
export function replyToRecordedScenario(request: RecordedRequest): FakeReply {
  const body = request.json() as { tools?: unknown[]; stream?: boolean };
  const scenario = body.tools !== undefined && body.tools.length > 0 ? 'function-call' : 'text';
  return body.stream === true ? streamReply(`${scenario}.stream.sse`) : { json: readResponsesJsonFixture(`${scenario}.response.json`) };
}

export function startOpenAIResponsesFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => (request.url.endsWith('/responses') ? replyToRecordedScenario(request) : { status: 404, json: { error: { message: 'not found' } } }));
}

/** A recorded stream's events, parsed (each `data:` line is one JSON event in these fixtures). */
export function readResponsesFixtureEvents(name: string): Array<{ payload: Record<string, unknown>; data: string }> {
  return readResponsesFixture(name)
    .split('\n\n')
    .map((block) => block.split('\n').find((line) => line.startsWith('data: '))?.slice('data: '.length))
    .filter((data): data is string => data !== undefined)
    .map((data) => ({ payload: JSON.parse(data) as Record<string, unknown>, data }));
}
