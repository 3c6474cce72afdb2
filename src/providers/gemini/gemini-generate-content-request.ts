import type { LanguageModelCallOptions, LanguageModelWarning } from '../spec/language-model.ts';
import { type GeminiPromptOptions, convertToGeminiPrompt } from './gemini-generate-content-prompt.ts';
import { convertToGeminiSchema } from './gemini-generate-content-schema.ts';
import type { GeminiFunctionCallingConfig, GeminiGenerateContentRequestBody } from './gemini-generate-content-wire.ts';

/** Builds the generateContent body from the spec's options; every option is used or warned about. */
export function buildGeminiGenerateContentRequest(
  options: LanguageModelCallOptions,
  promptOptions: GeminiPromptOptions,
): { body: GeminiGenerateContentRequestBody; warnings: LanguageModelWarning[] } {
  const warnings: LanguageModelWarning[] = [];
  const { contents, systemInstruction } = convertToGeminiPrompt(options.prompt, promptOptions);
  const body: GeminiGenerateContentRequestBody = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;

  const tools = options.tools ?? [];
  if (tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: tools.map((tool) => {
          const parameters = convertToGeminiSchema(tool.parameters);
          return { name: tool.name, description: tool.description, ...(parameters === undefined ? {} : { parameters }) };
        }),
      },
    ];
    const config = geminiFunctionCallingConfig(options.toolChoice);
    if (config) body.toolConfig = { functionCallingConfig: config };
    if (options.parallelToolCalls === false) {
      // The loop admits calls one by one anyway; Gemini simply has no switch for it.
      warnings.push({ type: 'unsupported-setting', setting: 'parallelToolCalls', message: 'Gemini cannot be told to make at most one function call per turn.' });
    }
  } else if (options.toolChoice !== undefined && options.toolChoice.type !== 'none' && options.toolChoice.type !== 'auto') {
    warnings.push({ type: 'unsupported-setting', setting: 'toolChoice', message: `toolChoice ${options.toolChoice.type} was ignored: no tools were offered.` });
  }

  const generationConfig: NonNullable<GeminiGenerateContentRequestBody['generationConfig']> = {};
  if (options.maxOutputTokens !== undefined) generationConfig.maxOutputTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) generationConfig.temperature = options.temperature;
  if (options.topP !== undefined) generationConfig.topP = options.topP;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return { body, warnings };
}

/** `required` is ANY (some function must be called), a named tool is ANY limited to that name. */
export function geminiFunctionCallingConfig(toolChoice: LanguageModelCallOptions['toolChoice']): GeminiFunctionCallingConfig | undefined {
  switch (toolChoice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [toolChoice.toolName] };
  }
}
