import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geminiCallIdSource } from './gemini-generate-content-call-id.ts';
import { type GeminiReadOptions, mapGeminiFinishReason, mapGeminiGenerateContentResponse, mapGeminiUsage } from './gemini-generate-content-response.ts';
import { readGeminiFixtureJson } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';

function readOptions(): GeminiReadOptions & { signatures: Array<[string, string]> } {
  const signatures: Array<[string, string]> = [];
  return { callIds: geminiCallIdSource([{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }]), onSignature: (id, signature) => void signatures.push([id, signature]), signatures };
}

describe('mapGeminiGenerateContentResponse', () => {
  it('reads a text answer with thinking counted as output', () => {
    expect(mapGeminiGenerateContentResponse('gemini', readGeminiFixtureJson('generate-content-text.json'), readOptions())).toEqual({
      content: [{ type: 'text', text: "Hello there! I'm doing well, thanks for asking. How can I help you today?" }],
      finishReason: 'stop',
      usage: { inputTokens: 8, cachedInputTokens: 0, outputTokens: 18 + 30, reasoningTokens: 30 },
    });
  });

  it('reads a function call as tool-calls, with a made-up id and its signature kept', () => {
    const options = readOptions();
    const answer = mapGeminiGenerateContentResponse('gemini', readGeminiFixtureJson('generate-content-function-call.json'), options);
    expect(answer.finishReason).toBe('tool-calls');
    expect(answer.content).toEqual([{ type: 'tool-call', toolCallId: expect.stringMatching(/^call_[0-9a-f]{24}$/), toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    const id = answer.content[0]?.type === 'tool-call' ? answer.content[0].toolCallId : '';
    expect(options.signatures).toEqual([[id, 'Eqo+Cqc+Ab4+9vtgONaaz6qwy6WXdp7gCd2w0X+Wz2gaBgY0Gv6A12JKo0y5vQwf9YQFyhMbKr1E9m17VT6HXd7jXzjaGYaE']]);
  });

  it('keeps an id the model sent, skips thought summaries, and reads a blocked prompt as content-filter', () => {
    const answer = mapGeminiGenerateContentResponse(
      'gemini',
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'thinking…', thought: true }, { functionCall: { id: 'fc_1', name: 'ping', args: {} } }] }, finishReason: 'STOP' }],
      },
      readOptions(),
    );
    expect(answer.content).toEqual([{ type: 'tool-call', toolCallId: 'fc_1', toolName: 'ping', input: '{}' }]);
    const blocked = mapGeminiGenerateContentResponse('gemini', { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } }, readOptions());
    expect(blocked).toEqual({ content: [], finishReason: 'content-filter', usage: { inputTokens: 9, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 } });
  });

  it('rejects answers without a candidate or of another shape as invalid_response', () => {
    for (const json of [{}, { candidates: 'x' }, { candidates: [{ content: { parts: [{ functionCall: { args: {} } }] } }] }]) {
      expect(() => mapGeminiGenerateContentResponse('gemini', json, readOptions())).toThrow(expect.objectContaining({ name: 'ProviderError', kind: 'invalid_response' }));
    }
  });
});

describe('mapGeminiFinishReason', () => {
  it('maps the documented reasons', () => {
    expect(mapGeminiFinishReason('STOP', false)).toBe('stop');
    expect(mapGeminiFinishReason('STOP', true)).toBe('tool-calls');
    expect(mapGeminiFinishReason('MAX_TOKENS', true)).toBe('length');
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) expect(mapGeminiFinishReason(reason, false)).toBe('content-filter');
    for (const reason of ['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'MISSING_THOUGHT_SIGNATURE']) expect(mapGeminiFinishReason(reason, false)).toBe('error');
    expect(mapGeminiFinishReason('OTHER', false)).toBe('other');
    expect(mapGeminiFinishReason('LANGUAGE', false)).toBe('other');
  });
});

describe('mapGeminiUsage', () => {
  it('counts tool-use prompt tokens as input and keeps cached tokens', () => {
    expect(mapGeminiUsage({ promptTokenCount: 100, cachedContentTokenCount: 60, toolUsePromptTokenCount: 5, candidatesTokenCount: 7, thoughtsTokenCount: 3 })).toEqual({
      inputTokens: 105,
      cachedInputTokens: 60,
      outputTokens: 10,
      reasoningTokens: 3,
    });
    expect(mapGeminiUsage(undefined)).toEqual({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 });
  });
});

describe('mapGeminiGenerateContentResponse with a native-image model', () => {
  const imagesFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/providers/gemini/images/${name}`, import.meta.url), 'utf8')) as unknown;

  it('reads the final inline image as a file part and skips the thought summary and the interim thought image', () => {
    const json = imagesFixture('generate-content-thinking.json') as { candidates: Array<{ content: { parts: Array<{ inlineData?: { data: string } }> } }> };
    const finalImage = json.candidates[0]?.content.parts[2]?.inlineData?.data ?? '';
    const answer = mapGeminiGenerateContentResponse('gemini', json, readOptions());
    expect(answer.content).toEqual([{ type: 'file', mediaType: 'image/jpeg', data: new Uint8Array(Buffer.from(finalImage, 'base64')) }]);
    expect(answer.usage).toEqual({ inputTokens: 578, cachedInputTokens: 0, outputTokens: 1120 + 243, reasoningTokens: 243, imageOutputTokens: 1120 });
  });
});
