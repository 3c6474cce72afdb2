import { describe, expect, it } from 'vitest';
import type { LanguageModelToolChoice } from '../spec/language-model.ts';
import { WEATHER_TOOL } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { convertChatTools } from './convert-chat-tools.ts';
import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';

const IMAGE_TOOL = { name: 'image_generation', description: 'Draw.', parameters: { type: 'object', properties: { prompt: { type: 'string' } } } };
const tools = [WEATHER_TOOL, IMAGE_TOOL];
const wire = (tool: typeof WEATHER_TOOL) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } });

function convert(toolChoice: LanguageModelToolChoice | undefined, support: OpenAICompatibleOptions['toolChoice'], parallelToolCalls?: boolean, supportsParallelToolCalls = true) {
  return convertChatTools({ tools, toolChoice, parallelToolCalls }, { provider: 'srv', toolChoice: support, supportsParallelToolCalls });
}

describe('convertChatTools', () => {
  it('sends every choice as is to a server with full support', () => {
    expect(convert(undefined, 'full').fields).toEqual({ tools: [wire(WEATHER_TOOL), wire(IMAGE_TOOL)] });
    for (const type of ['auto', 'none', 'required'] as const) expect(convert({ type }, 'full').fields.tool_choice).toBe(type);
    expect(convert({ type: 'tool', toolName: 'image_generation' }, 'full')).toEqual({
      fields: { tools: [wire(WEATHER_TOOL), wire(IMAGE_TOOL)], tool_choice: { type: 'function', function: { name: 'image_generation' } } },
      warnings: [],
    });
  });

  it('forces a named tool as required with only that tool where names are not understood', () => {
    expect(convert({ type: 'tool', toolName: 'image_generation' }, 'modes')).toEqual({ fields: { tools: [wire(IMAGE_TOOL)], tool_choice: 'required' }, warnings: [] });
  });

  it('keeps none by offering no tools, and warns that it cannot force', () => {
    expect(convert({ type: 'none' }, 'none')).toEqual({ fields: {}, warnings: [] });
    expect(convert({ type: 'auto' }, 'none')).toEqual({ fields: { tools: [wire(WEATHER_TOOL), wire(IMAGE_TOOL)] }, warnings: [] });
    const required = convert({ type: 'required' }, 'none');
    expect(required.fields).toEqual({ tools: [wire(WEATHER_TOOL), wire(IMAGE_TOOL)] });
    expect(required.warnings).toEqual([{ type: 'unsupported-setting', setting: 'toolChoice', message: 'srv cannot force a tool call; the model may answer in text instead.' }]);
    const named = convert({ type: 'tool', toolName: 'image_generation' }, 'none');
    expect(named.fields).toEqual({ tools: [wire(IMAGE_TOOL)] });
    expect(named.warnings.map((warning) => warning.setting)).toEqual(['toolChoice']);
  });

  it('sends parallel_tool_calls only with tools, only where supported, and warns when false cannot be kept', () => {
    expect(convert(undefined, 'full', false).fields.parallel_tool_calls).toBe(false);
    expect(convert(undefined, 'full', true).fields.parallel_tool_calls).toBe(true);
    const unsupported = convert(undefined, 'full', false, false);
    expect(unsupported.fields).not.toHaveProperty('parallel_tool_calls');
    expect(unsupported.warnings.map((warning) => warning.setting)).toEqual(['parallelToolCalls']);
    expect(convert(undefined, 'full', true, false).warnings).toEqual([]);
  });

  it('leaves everything out without tools, warning only about a choice that needed them', () => {
    const options = { provider: 'srv', toolChoice: 'full' as const, supportsParallelToolCalls: true };
    expect(convertChatTools({ tools: undefined, toolChoice: { type: 'none' }, parallelToolCalls: true }, options)).toEqual({ fields: {}, warnings: [] });
    const forced = convertChatTools({ tools: [], toolChoice: { type: 'required' }, parallelToolCalls: undefined }, options);
    expect(forced.fields).toEqual({});
    expect(forced.warnings.map((warning) => warning.setting)).toEqual(['toolChoice']);
  });

  it('treats a named tool that was not offered as required, with a warning', () => {
    const result = convert({ type: 'tool', toolName: 'missing' }, 'full');
    expect(result.fields.tool_choice).toBe('required');
    expect(result.warnings).toHaveLength(1);
  });
});
