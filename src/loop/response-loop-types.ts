import type { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import type { IdGenerator } from '../ids/id-generator.ts';
import type { ImageModel } from '../providers/spec/image-model.ts';
import type { LanguageModel, LanguageModelMessage, LanguageModelTool, LanguageModelUsage } from '../providers/spec/language-model.ts';
import type { ResponseLimits } from '../policy/response-limits.ts';
import type { SpendDecision, SpendGuard } from '../policy/spend-guard.ts';
import type { ResponseEmitter } from '../responses/response-emitter.ts';
import type { IgnoredToolCall, ImagegateResponseInfo } from '../responses/wire/response-object.ts';
import type { ContextImage, ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';
import type { ToolChoicePlan } from './tool-choice.ts';

export interface ResponseLoopInput {
  languageModel: LanguageModel;
  /** Required when `imageTool` is set. */
  imageModel: ImageModel | undefined;
  /** The conversation so far, instructions first. Extended in place as the loop runs. */
  messages: LanguageModelMessage[];
  /** Images the conversation holds, oldest first; generated images are appended. */
  contextImages: ContextImage[];
  /** Undefined when the request has no image_generation tool. */
  imageTool: ImageToolSettings | undefined;
  functionTools: ReadonlyArray<LanguageModelTool>;
  toolChoice: ToolChoicePlan;
  parallelToolCalls: boolean;
  maxOutputTokens: number | undefined;
  temperature: number | undefined;
  topP: number | undefined;
  limits: ResponseLimits;
  /** Hard cap on model steps; the last step is offered no tools. */
  maxModelSteps: number;
  streaming: boolean;
  /**
   * Whether someone reads the response's events while it runs (a streaming client, a WebSocket,
   * a background response's event log that followers read and whose text a cancel keeps). False
   * only for a JSON answer: nothing then acts on a model step's parts before the step is over.
   */
  eventsWatched: boolean;
  emitter: ResponseEmitter;
  /** Prices and reserves every step and image; absent = no accounting (unit tests). */
  spend?: SpendGuard | undefined;
  /** The first model step's reservation, made before the response started (it was refused otherwise). */
  firstStepHold?: SpendDecision | undefined;
  generateId: IdGenerator;
  abortSignal: AbortSignal;
}

export interface ResponseLoopOutcome {
  status: 'completed' | 'incomplete' | 'failed';
  incompleteReason: 'max_output_tokens' | 'exact_images_not_met' | undefined;
  error: ImageGenerationError | undefined;
  usage: LanguageModelUsage;
  ignoredToolCalls: IgnoredToolCall[];
  warnings: ImagegateResponseInfo['warnings'];
  imagesGenerated: number;
  modelSteps: number;
}
