/** Output items of a Response, as OpenAI's wire carries them (snake_case on purpose). Type aliases, not interfaces: they are stored as JSON objects (storage/stored-response-schema.ts). */

export type OutputTextPart = {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
};

export type MessageItem = {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputTextPart[];
};

export type ImageGenerationCallItem = {
  id: string;
  type: 'image_generation_call';
  status: 'in_progress' | 'generating' | 'completed' | 'failed';
  /** Base64 image, null until completed. */
  result: string | null;
  action?: 'generate' | 'edit';
  background?: string;
  output_format?: string;
  quality?: string;
  size?: string;
  revised_prompt?: string;
};

export type FunctionCallItem = {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
};

export type OutputItem = MessageItem | ImageGenerationCallItem | FunctionCallItem;
