import { describe, expect, it } from 'vitest';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import type { LanguageModelCallOptions, LanguageModelTool } from '../spec/language-model.ts';
import { anthropicToolChoice, buildAnthropicMessagesRequest } from './anthropic-messages-request.ts';

const tool: LanguageModelTool = { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const build = (overrides: Partial<LanguageModelCallOptions>, stream = false) =>
  buildAnthropicMessagesRequest('claude-sonnet-4-5', contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], ...overrides }), { stream, defaultMaxTokens: 4096 });

describe('buildAnthropicMessagesRequest', () => {
  it('sends the minimum with every option undefined, max_tokens defaulted', () => {
    expect(build({})).toEqual({ body: { model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, warnings: [] });
    expect(build({}, true).body.stream).toBe(true);
  });

  it('maps tools, settings and the output limit', () => {
    const { body, warnings } = build({ tools: [tool], toolChoice: { type: 'required' }, maxOutputTokens: 300, temperature: 0.4 });
    expect(body).toMatchObject({
      max_tokens: 300,
      temperature: 0.4,
      tools: [{ name: 'get_weather', description: 'Weather for a city.', input_schema: tool.parameters }],
      tool_choice: { type: 'any' },
    });
    expect(warnings).toEqual([]);
  });

  it('sends top_p alone, but only temperature when both are set, with a warning', () => {
    expect(build({ topP: 0.9 }).body.top_p).toBe(0.9);
    const both = build({ temperature: 0.2, topP: 0.9 });
    expect(both.body).toMatchObject({ temperature: 0.2 });
    expect(both.body.top_p).toBeUndefined();
    expect(both.warnings.map((warning) => warning.setting)).toEqual(['topP']);
  });

  it('lowers a temperature above Anthropic range to 1 and says so', () => {
    const { body, warnings } = build({ temperature: 1.5 });
    expect(body.temperature).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ setting: 'temperature' })]);
  });

  it('warns about a forced tool choice without tools instead of sending it', () => {
    const { body, warnings } = build({ toolChoice: { type: 'tool', toolName: 'x' } });
    expect(body.tool_choice).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ setting: 'toolChoice' })]);
    expect(build({ toolChoice: { type: 'none' } }).warnings).toEqual([]);
  });
});

describe('anthropicToolChoice', () => {
  it('maps every choice, with disable_parallel_tool_use when parallel calls are off', () => {
    expect(anthropicToolChoice({ toolChoice: undefined, parallelToolCalls: undefined })).toBeUndefined();
    expect(anthropicToolChoice({ toolChoice: undefined, parallelToolCalls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(anthropicToolChoice({ toolChoice: { type: 'auto' }, parallelToolCalls: true })).toEqual({ type: 'auto' });
    expect(anthropicToolChoice({ toolChoice: { type: 'required' }, parallelToolCalls: false })).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(anthropicToolChoice({ toolChoice: { type: 'tool', toolName: 'get_weather' }, parallelToolCalls: false })).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    // The API has no disable_parallel_tool_use on `none`.
    expect(anthropicToolChoice({ toolChoice: { type: 'none' }, parallelToolCalls: false })).toEqual({ type: 'none' });
  });
});
