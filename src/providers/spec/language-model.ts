/**
 * The language-model spec: the only thing the response loop knows about a chat model.
 * Every option is required but may be `undefined`, so each adapter decides about each on purpose.
 */

/** JSON Schema object describing a tool's arguments. */
export type JsonSchema = { readonly [key: string]: unknown };

export interface LanguageModelTool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

export type LanguageModelToolChoice =
  | { readonly type: 'auto' }
  | { readonly type: 'none' }
  | { readonly type: 'required' }
  | { readonly type: 'tool'; readonly toolName: string };

export interface LanguageModelTextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface LanguageModelImagePart {
  readonly type: 'image';
  /** e.g. `image/png` */
  readonly mediaType: string;
  readonly data: Uint8Array;
  /** Pixels, when known: what the input-token bound of the image is computed from. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** OpenAI's `input_image.detail` as the client asked; adapters without an equivalent ignore it. */
  readonly detail?: 'low' | 'high' | 'auto' | 'original' | undefined;
}

export interface LanguageModelToolCallPart {
  readonly type: 'tool-call';
  readonly toolCallId: string;
  readonly toolName: string;
  /** The arguments as the model wrote them: a JSON string. */
  readonly input: string;
}

export interface LanguageModelToolResultPart {
  readonly type: 'tool-result';
  readonly toolCallId: string;
  readonly toolName: string;
  /** Text the model reads back. */
  readonly output: string;
}

export type LanguageModelMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: ReadonlyArray<LanguageModelTextPart | LanguageModelImagePart> }
  | { readonly role: 'assistant'; readonly content: ReadonlyArray<LanguageModelTextPart | LanguageModelToolCallPart> }
  | { readonly role: 'tool'; readonly content: ReadonlyArray<LanguageModelToolResultPart> };

export interface LanguageModelCallOptions {
  readonly prompt: ReadonlyArray<LanguageModelMessage>;
  readonly tools: ReadonlyArray<LanguageModelTool> | undefined;
  readonly toolChoice: LanguageModelToolChoice | undefined;
  readonly parallelToolCalls: boolean | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly topP: number | undefined;
  /**
   * Whether the caller acts on the step's parts as they come (streams them to someone, or checks
   * them mid-step). `false`: only the whole step counts, so an adapter may ask its upstream for one
   * whole answer and hand out the same parts at once. `true` or undefined: parts as they come.
   */
  readonly partsAsTheyCome: boolean | undefined;
  readonly abortSignal: AbortSignal;
}

export interface LanguageModelUsage {
  /** Every input token, cached ones included. */
  readonly inputTokens: number;
  /** The part of `inputTokens` read from a prompt cache. */
  readonly cachedInputTokens: number;
  /** Every output token, reasoning (and, for native-image models, image) tokens included: what is billed as output, counted once. */
  readonly outputTokens: number;
  /** The part of `outputTokens` spent on reasoning (0 when the provider does not say). */
  readonly reasoningTokens: number;
  /**
   * The part of `outputTokens` that are images the model drew itself (Gemini native-image
   * models report them per modality; priced at the image output rate). Absent: none.
   */
  readonly imageOutputTokens?: number | undefined;
}

export type LanguageModelFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface LanguageModelWarning {
  readonly type: 'unsupported-setting' | 'other';
  readonly setting?: string;
  readonly message: string;
}

/**
 * A file the model itself wrote into its answer, e.g. an image from a native-image chat model
 * (Gemini's `inlineData` parts). Arrives whole, never in pieces.
 */
export interface LanguageModelFilePart {
  readonly type: 'file';
  /** e.g. `image/png` */
  readonly mediaType: string;
  readonly data: Uint8Array;
}

export type LanguageModelStreamPart =
  | { readonly type: 'text-delta'; readonly delta: string }
  | LanguageModelToolCallPart
  | LanguageModelFilePart
  | { readonly type: 'finish'; readonly finishReason: LanguageModelFinishReason; readonly usage: LanguageModelUsage };

export type LanguageModelContent = LanguageModelTextPart | LanguageModelToolCallPart | LanguageModelFilePart;

export interface LanguageModelGenerateResult {
  readonly content: ReadonlyArray<LanguageModelContent>;
  readonly finishReason: LanguageModelFinishReason;
  readonly usage: LanguageModelUsage;
  readonly warnings: ReadonlyArray<LanguageModelWarning>;
}

export interface LanguageModelStreamResult {
  /** Ends with exactly one `finish` part; throws on provider failure. */
  readonly stream: AsyncIterable<LanguageModelStreamPart>;
  /**
   * Every part, when the step was read in full before it was handed over (a whole answer, see
   * `partsAsTheyCome`): the same parts `stream` hands out, for a caller that takes them at once
   * instead of a promise per part. Take one or the other, never both.
   */
  readonly parts?: ReadonlyArray<LanguageModelStreamPart> | undefined;
  readonly warnings: ReadonlyArray<LanguageModelWarning>;
}

export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelGenerateResult>;
  doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult>;
}
