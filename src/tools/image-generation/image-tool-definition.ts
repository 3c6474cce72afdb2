import type { LanguageModelTool } from '../../providers/spec/language-model.ts';

export const IMAGE_TOOL_NAME = 'image_generation';

/** What the language model sees in place of OpenAI's hosted tool: a plain function tool. */
export function imageToolDefinition(allowEdit: boolean): LanguageModelTool {
  const properties: Record<string, unknown> = {
    prompt: { type: 'string', description: 'A detailed description of the image to create, or of the change to make.' },
  };
  if (allowEdit) {
    properties['action'] = {
      type: 'string',
      enum: ['generate', 'edit'],
      description: 'Use "edit" to change the most recent image in the conversation; "generate" (default) makes a new image.',
    };
  }
  return {
    name: IMAGE_TOOL_NAME,
    description:
      'Generate or edit one image. The image is shown to the user as soon as this call returns; call it once per image you need.',
    parameters: { type: 'object', properties, required: ['prompt'], additionalProperties: false },
  };
}

export interface ImageToolArguments {
  prompt: string;
  action: 'generate' | 'edit' | undefined;
}

/** Parses the model's JSON arguments; undefined when they are unusable. */
export function parseImageToolArguments(input: string): ImageToolArguments | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { prompt, action } = parsed as { prompt?: unknown; action?: unknown };
  if (typeof prompt !== 'string' || prompt.trim() === '') return undefined;
  return { prompt, action: action === 'edit' || action === 'generate' ? action : undefined };
}
