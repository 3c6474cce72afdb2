/**
 * Test support: the recorded generateContent payloads under `test/fixtures/providers/gemini/generate-content/` and a
 * local fake of the Gemini API that replays them the way the real API would choose between them.
 */
import { readFileSync } from 'node:fs';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import type { ProviderSettings } from '../../../../src/providers/shared/provider-settings.ts';
import { recordingSettings } from '../shared/testing/fake-provider.ts';

export function readGeminiFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/providers/gemini/generate-content/${name}`, import.meta.url), 'utf8');
}

export function readGeminiFixtureJson(name: string): unknown {
  return JSON.parse(readGeminiFixture(name)) as unknown;
}

/** The fixture answer for a request: mode ANY gets the function call, anything else text. */
export function replyFromFixtures(request: RecordedRequest): FakeReply {
  const body = request.json() as { toolConfig?: { functionCallingConfig?: { mode?: string } } };
  const forced = body.toolConfig?.functionCallingConfig?.mode === 'ANY';
  if (request.url.includes(':streamGenerateContent')) return { chunks: [readGeminiFixture(forced ? 'stream-function-call.sse' : 'stream-text.sse')] };
  return { json: readGeminiFixtureJson(forced ? 'generate-content-function-call.json' : 'generate-content-text.json') };
}

export function startGeminiFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => replyFromFixtures(request));
}

/** Settings as the registry builds them, pointed at a fake; sleeps are recorded, never waited. */
export function geminiTestSettings(baseURL: string, sleeps: number[] = [], overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return recordingSettings(`${baseURL}/v1beta`, sleeps, { headers: { 'x-goog-api-key': 'gemini-test-key' }, ...overrides });
}
