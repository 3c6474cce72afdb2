import { describe, expect, it } from 'vitest';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import type { LanguageModelTool } from '../spec/language-model.ts';
import { readResponsesJsonFixture } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { rejectsSamplingSettings } from './openai-responses-model-capabilities.ts';
import { buildOpenAIResponsesRequest } from './openai-responses-request.ts';

const weather: LanguageModelTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'], additionalProperties: false },
};
const hello = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Say hello in a few words.' }] }];

describe('buildOpenAIResponsesRequest', () => {
  it('sends only model, input, store and stream when no option is set (text.request.json)', () => {
    const { body, warnings } = buildOpenAIResponsesRequest('gpt-4.1', contractCallOptions({ prompt: hello }), false);
    expect(JSON.parse(JSON.stringify(body))).toEqual(readResponsesJsonFixture('text.request.json'));
    expect(warnings).toEqual([]);
  });

  it('sends tools as non-strict function tools and a forced tool by name (function-call.request.json)', () => {
    const options = contractCallOptions({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
      tools: [weather],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
    });
    expect(buildOpenAIResponsesRequest('gpt-4.1', options, false).body).toEqual(readResponsesJsonFixture('function-call.request.json'));
  });

  it('maps auto, none and required tool choices to their strings', () => {
    for (const type of ['auto', 'none', 'required'] as const) {
      const { body } = buildOpenAIResponsesRequest('gpt-4.1', contractCallOptions({ prompt: hello, tools: [weather], toolChoice: { type } }), true);
      expect([body.tool_choice, body.stream]).toEqual([type, true]);
    }
  });

  it('leaves tools, tool_choice and parallel_tool_calls out without tools, warning when a tool was demanded', () => {
    const options = contractCallOptions({ prompt: hello, tools: [], toolChoice: { type: 'required' }, parallelToolCalls: true });
    const { body, warnings } = buildOpenAIResponsesRequest('gpt-4.1', options, false);
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(warnings).toEqual([{ type: 'other', message: 'toolChoice required was ignored: no tools were offered.' }]);
  });

  it('passes parallel_tool_calls, max_output_tokens, temperature and top_p through', () => {
    const options = contractCallOptions({ prompt: hello, tools: [weather], parallelToolCalls: false, maxOutputTokens: 2048, temperature: 0.2, topP: 0.9 });
    const { body, warnings } = buildOpenAIResponsesRequest('gpt-4.1', options, false);
    expect(body).toMatchObject({ parallel_tool_calls: false, max_output_tokens: 2048, temperature: 0.2, top_p: 0.9 });
    expect(warnings).toEqual([]);
  });

  it('sends 16 output tokens when fewer are asked for, with a warning (OpenAI minimum)', () => {
    const { body, warnings } = buildOpenAIResponsesRequest('gpt-4.1', contractCallOptions({ prompt: hello, maxOutputTokens: 5 }), false);
    expect(body.max_output_tokens).toBe(16);
    expect(warnings).toEqual([
      { type: 'unsupported-setting', setting: 'maxOutputTokens', message: 'OpenAI requires max_output_tokens >= 16; sent 16 instead of 5.' },
    ]);
  });

  it('drops temperature and top_p for models that reject them, with warnings', () => {
    const { body, warnings } = buildOpenAIResponsesRequest('o3', contractCallOptions({ prompt: hello, temperature: 0.2, topP: 0.9 }), false);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(warnings.map((warning) => warning.setting)).toEqual(['temperature', 'topP']);
  });
});

describe('rejectsSamplingSettings', () => {
  it('names the o-series and the first gpt-5 reasoning models only', () => {
    for (const id of ['o1', 'o3', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano-2025-08-07', 'gpt-5-pro', 'gpt-5.1-codex', 'gpt-5.2-pro']) {
      expect([id, rejectsSamplingSettings(id)]).toEqual([id, true]);
    }
    for (const id of ['gpt-4.1', 'gpt-4o-mini', 'gpt-5-chat-latest', 'gpt-5.1', 'gpt-5.2', 'omni-moderation-latest', 'llama3.1:8b']) {
      expect([id, rejectsSamplingSettings(id)]).toEqual([id, false]);
    }
  });
});
