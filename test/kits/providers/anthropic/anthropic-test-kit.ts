/**
 * Test support: the recorded Messages API payloads under `test/fixtures/providers/anthropic/messages/` and a local fake
 * of `POST /v1/messages` that replays them the way the real API would choose between them.
 */
import { readFileSync } from 'node:fs';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import type { ProviderSettings } from '../../../../src/providers/shared/provider-settings.ts';
import { recordingSettings } from '../shared/testing/fake-provider.ts';

export function readAnthropicFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/providers/anthropic/messages/${name}`, import.meta.url), 'utf8');
}

export function readAnthropicFixtureJson(name: string): unknown {
  return JSON.parse(readAnthropicFixture(name)) as unknown;
}

/** The fixture answer for a request: a forced tool gets the tool_use answer, anything else text. */
export function replyFromFixtures(request: RecordedRequest): FakeReply {
  const body = request.json() as { stream?: boolean; tool_choice?: { type?: string } };
  const forced = body.tool_choice?.type === 'tool' || body.tool_choice?.type === 'any';
  if (body.stream === true) return { chunks: [readAnthropicFixture(forced ? 'stream-tool-use.sse' : 'stream-text.sse')] };
  return { json: readAnthropicFixtureJson(forced ? 'message-tool-use.json' : 'message-text.json') };
}

export function startAnthropicFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => replyFromFixtures(request));
}

/** Settings as the registry builds them, pointed at a fake; sleeps are recorded, never waited. */
export function anthropicTestSettings(baseURL: string, sleeps: number[] = [], overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return recordingSettings(`${baseURL}/v1`, sleeps, { headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' }, ...overrides });
}
