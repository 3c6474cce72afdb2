import { describe, expect, it } from 'vitest';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import type { LanguageModelCallOptions, LanguageModelTool } from '../spec/language-model.ts';
import { buildGeminiGenerateContentRequest, geminiFunctionCallingConfig } from './gemini-generate-content-request.ts';

const tool: LanguageModelTool = {
  name: 'get_weather',
  description: 'Weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};
const build = (overrides: Partial<LanguageModelCallOptions>) =>
  buildGeminiGenerateContentRequest(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], ...overrides }), {
    signatureFor: () => undefined,
    placeholderSignature: undefined,
  });

describe('buildGeminiGenerateContentRequest', () => {
  it('sends only contents with every option undefined', () => {
    expect(build({})).toEqual({ body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, warnings: [] });
  });

  it('declares tools with converted schemas, the calling mode and the generation settings', () => {
    const noArguments: LanguageModelTool = { name: 'ping', description: 'Ping.', parameters: { type: 'object', properties: {} } };
    const { body, warnings } = build({ tools: [tool, noArguments], toolChoice: { type: 'tool', toolName: 'get_weather' }, maxOutputTokens: 500, temperature: 1.2, topP: 0.9 });
    expect(body).toMatchObject({
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
            { name: 'ping', description: 'Ping.' },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { maxOutputTokens: 500, temperature: 1.2, topP: 0.9 },
    });
    expect(body.tools?.[0]?.functionDeclarations[1]).not.toHaveProperty('parameters');
    expect(warnings).toEqual([]);
  });

  it('warns that parallel calls cannot be switched off, and about a tool choice without tools', () => {
    expect(build({ tools: [tool], parallelToolCalls: false }).warnings).toEqual([expect.objectContaining({ setting: 'parallelToolCalls' })]);
    expect(build({ parallelToolCalls: false }).warnings).toEqual([]);
    const forced = build({ toolChoice: { type: 'required' } });
    expect(forced.body.toolConfig).toBeUndefined();
    expect(forced.warnings).toEqual([expect.objectContaining({ setting: 'toolChoice' })]);
  });
});

describe('geminiFunctionCallingConfig', () => {
  it('maps every choice to a mode', () => {
    expect(geminiFunctionCallingConfig(undefined)).toBeUndefined();
    expect(geminiFunctionCallingConfig({ type: 'auto' })).toEqual({ mode: 'AUTO' });
    expect(geminiFunctionCallingConfig({ type: 'none' })).toEqual({ mode: 'NONE' });
    expect(geminiFunctionCallingConfig({ type: 'required' })).toEqual({ mode: 'ANY' });
    expect(geminiFunctionCallingConfig({ type: 'tool', toolName: 'image_generation' })).toEqual({ mode: 'ANY', allowedFunctionNames: ['image_generation'] });
  });
});
