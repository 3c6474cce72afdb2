import { describe, expect, it } from 'vitest';
import { WEATHER_TOOL, callOptions } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { buildChatRequestBody } from './build-chat-request-body.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

describe('buildChatRequestBody', () => {
  it('leaves every unset option out', () => {
    const { body, warnings } = buildChatRequestBody('gpt-4.1', callOptions(), OPENAI_COMPATIBLE_PRESETS.openai, { stream: false });
    expect(body).toEqual({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hello in a few words.' }] });
    expect(warnings).toEqual([]);
  });

  it('puts the token limit under the field the server reads, with temperature and top_p', () => {
    const call = callOptions({ maxOutputTokens: 256, temperature: 0.2, topP: 0.9 });
    expect(buildChatRequestBody('gpt-4.1', call, OPENAI_COMPATIBLE_PRESETS.openai, { stream: false }).body).toMatchObject({ max_completion_tokens: 256, temperature: 0.2, top_p: 0.9 });
    const ollama = buildChatRequestBody('llama3.1:8b', call, OPENAI_COMPATIBLE_PRESETS.ollama, { stream: false }).body;
    expect(ollama).toMatchObject({ max_tokens: 256, temperature: 0.2, top_p: 0.9 });
    expect(ollama).not.toHaveProperty('max_completion_tokens');
  });

  it('asks for the usage chunk when streaming, where the server has one', () => {
    expect(buildChatRequestBody('m', callOptions(), OPENAI_COMPATIBLE_PRESETS.openai, { stream: true }).body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const without = buildChatRequestBody('m', callOptions(), { ...OPENAI_COMPATIBLE_PRESETS.vllm, supportsStreamUsage: false }, { stream: true }).body;
    expect(without.stream).toBe(true);
    expect(without).not.toHaveProperty('stream_options');
  });

  it('joins the warnings of messages and tools', () => {
    const call = callOptions({ tools: [WEATHER_TOOL], toolChoice: { type: 'required' }, parallelToolCalls: false });
    const { body, warnings } = buildChatRequestBody('llama3.1:8b', call, OPENAI_COMPATIBLE_PRESETS.ollama, { stream: false });
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(warnings.map((warning) => warning.setting)).toEqual(['toolChoice', 'parallelToolCalls']);
  });
});
