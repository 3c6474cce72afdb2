import type {
  LanguageModelMessage,
  LanguageModelTool,
  LanguageModelToolCallPart,
  LanguageModelToolChoice,
  LanguageModelWarning,
} from '../spec/language-model.ts';
import { buildToolArguments } from './build-arguments.ts';
import { composeReply } from './compose-reply.ts';
import { matchFunctionTool } from './match-function-tool.ts';
import { cleanPhrase, findNamedFunctionTool, parseImageRequest, type ImageRequest } from './parse-request.ts';
import { IMAGE_TOOL_NAME, isImageTheUserHas, isStopSignal } from './parse-tool-result.ts';
import { readTurn, type SimulatorTurn } from './read-turn.ts';
import type { SimulatorBehaviour } from './simulator-model-id.ts';
import { createToolCallIds } from './tool-call-id.ts';

/** One model step: either a text reply or tool calls, never both (like most real GPT steps). */
export type StepPlan =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool-calls'; readonly toolCalls: ReadonlyArray<LanguageModelToolCallPart> };

export interface DecideStepInput {
  readonly behaviour: SimulatorBehaviour;
  readonly prompt: ReadonlyArray<LanguageModelMessage>;
  readonly tools: ReadonlyArray<LanguageModelTool> | undefined;
  readonly toolChoice: LanguageModelToolChoice | undefined;
  readonly parallelToolCalls: boolean | undefined;
}

export interface StepDecision {
  readonly plan: StepPlan;
  readonly warnings: ReadonlyArray<LanguageModelWarning>;
}

// After this many image results without an image the well-behaved model gives up.
const MAX_UNSUCCESSFUL_IMAGE_RESULTS = 2;
const MAX_ARGUMENT_HINT_CHARS = 60;

type PlannedCall = { readonly toolName: string; readonly arguments: Record<string, unknown> };

interface StepContext {
  readonly input: DecideStepInput;
  readonly turn: SimulatorTurn;
  readonly request: ImageRequest;
  readonly imageToolOffered: boolean;
  readonly functionTools: ReadonlyArray<LanguageModelTool>;
}

function imageCalls(context: StepContext, count: number): PlannedCall[] {
  const { request, turn } = context;
  const calls: PlannedCall[] = [];
  for (let index = 0; index < count; index++) {
    // Distinct prompts within a response: identical ones are a separate server feature to test.
    const variation = turn.imageCallCount + index + 1;
    const prompt = variation >= 2 ? `${request.subject}, variation ${variation}` : request.subject;
    calls.push({ toolName: IMAGE_TOOL_NAME, arguments: { prompt, action: request.wantsEdit ? 'edit' : 'generate' } });
  }
  return calls;
}

function functionCall(context: StepContext, tool: LanguageModelTool): PlannedCall {
  const { turn } = context;
  const named = findNamedFunctionTool(turn.userText, [tool.name]);
  const hint = named?.argumentHint ?? (cleanPhrase(turn.userText, MAX_ARGUMENT_HINT_CHARS) || 'example');
  return { toolName: tool.name, arguments: buildToolArguments(tool.parameters, hint) };
}

/** Calls per image step: the parallel model's batch unless parallel calls are switched off. */
function batchSize(context: StepContext): number {
  const { behaviour, parallelToolCalls } = context.input;
  return behaviour.kind === 'parallel' && parallelToolCalls !== false ? behaviour.parallelCount : 1;
}

/** The image calls the model makes of its own accord (toolChoice `auto`), by behaviour. */
function chooseImageCalls(context: StepContext): PlannedCall[] {
  const { input, turn, request } = context;
  if (!context.imageToolOffered) return [];
  const madeCount = turn.imageResults.filter(isImageTheUserHas).length;
  switch (input.behaviour.kind) {
    case 'well-behaved': {
      // Failed or unreadable results: retry once, then give up rather than loop on a broken tool.
      const unsuccessfulCount = turn.imageResults.length - madeCount;
      const told = turn.imageResults.some(isStopSignal);
      const wantsMore =
        madeCount < request.requestedImageCount && !told && unsuccessfulCount < MAX_UNSUCCESSFUL_IMAGE_RESULTS;
      return wantsMore ? imageCalls(context, 1) : [];
    }
    case 'repeat': {
      // The seed bug: any image result reads as "not done yet", so it never stops by itself;
      // and its first image step asks twice at once when parallel calls are allowed.
      const wants = turn.imageResults.length > 0 || madeCount < request.requestedImageCount;
      if (!wants) return [];
      return imageCalls(context, turn.imageCallCount === 0 && input.parallelToolCalls !== false ? 2 : 1);
    }
    case 'parallel': {
      if (turn.imageCallCount === 0) return request.requestedImageCount >= 1 ? imageCalls(context, batchSize(context)) : [];
      // With parallel calls off it still wants its whole batch, one call per step.
      const stillWanted = input.behaviour.parallelCount - turn.imageCallCount;
      return input.parallelToolCalls === false && stillWanted > 0 ? imageCalls(context, 1) : [];
    }
  }
}

function chooseCalls(context: StepContext, warnings: LanguageModelWarning[]): PlannedCall[] {
  const { input, turn, functionTools } = context;
  const choice = input.toolChoice ?? { type: 'auto' };
  if (choice.type === 'none') return [];

  if (choice.type === 'tool') {
    if (choice.toolName === IMAGE_TOOL_NAME && context.imageToolOffered) return imageCalls(context, batchSize(context));
    const forced = functionTools.find((tool) => tool.name === choice.toolName);
    if (forced !== undefined) return [functionCall(context, forced)];
    warnings.push({ type: 'other', message: `toolChoice names "${choice.toolName}", which is not among the offered tools; ignored.` });
    return chooseAutoCalls(context);
  }

  if (choice.type === 'required') {
    if (context.imageToolOffered) return imageCalls(context, batchSize(context));
    const named = findNamedFunctionTool(turn.userText, functionTools.map((tool) => tool.name)) ?? matchFunctionTool(turn.userText, functionTools);
    const tool = functionTools.find((candidate) => candidate.name === named?.toolName) ?? functionTools[0];
    return tool === undefined ? [] : [functionCall(context, tool)];
  }

  return chooseAutoCalls(context);
}

function chooseAutoCalls(context: StepContext): PlannedCall[] {
  const { turn, functionTools } = context;
  const named = findNamedFunctionTool(turn.userText, functionTools.map((tool) => tool.name));
  if (named !== undefined && !turn.functionCallNames.includes(named.toolName)) {
    const tool = functionTools.find((candidate) => candidate.name === named.toolName);
    if (tool !== undefined) return [functionCall(context, tool)];
  }
  const images = chooseImageCalls(context);
  if (images.length > 0 || context.request.requestedImageCount > 0) return images;
  // Like a model: a message about what a tool does calls it, once per turn (then it answers from the output).
  const uncalled = functionTools.filter((tool) => !turn.functionCallNames.includes(tool.name));
  const matched = matchFunctionTool(turn.userText, uncalled);
  const tool = uncalled.find((candidate) => candidate.name === matched?.toolName);
  if (matched === undefined || tool === undefined) return [];
  return [{ toolName: tool.name, arguments: buildToolArguments(tool.parameters, matched.argumentHint) }];
}

function imageToolAvailable(context: StepContext): boolean {
  const choice = context.input.toolChoice;
  if (!context.imageToolOffered || choice?.type === 'none') return false;
  return choice?.type !== 'tool' || choice.toolName === IMAGE_TOOL_NAME;
}

/** Decides what the simulator does in this step; pure, so the same input always gives the same step. */
export function decideStep(input: DecideStepInput): StepDecision {
  const turn = readTurn(input.prompt);
  const tools = input.tools ?? [];
  const context: StepContext = {
    input,
    turn,
    request: parseImageRequest(turn.userText, turn.earlierUserTexts, turn.imageInContext),
    imageToolOffered: tools.some((tool) => tool.name === IMAGE_TOOL_NAME),
    functionTools: tools.filter((tool) => tool.name !== IMAGE_TOOL_NAME),
  };
  const warnings: LanguageModelWarning[] = [];
  const calls = chooseCalls(context, warnings);

  if (calls.length > 0) {
    const nextId = createToolCallIds(turn.userText, turn.userMessageIndex, turn.stepIndex);
    const toolCalls = calls.map((call, index): LanguageModelToolCallPart => ({
      type: 'tool-call',
      toolCallId: nextId(index),
      toolName: call.toolName,
      input: JSON.stringify(call.arguments),
    }));
    return { plan: { kind: 'tool-calls', toolCalls }, warnings };
  }

  const text = composeReply({
    userText: turn.userText,
    request: context.request,
    imageCallCount: turn.imageCallCount,
    imageResults: turn.imageResults,
    imageToolAvailable: imageToolAvailable(context),
    functionResults: turn.functionResults,
  });
  return { plan: { kind: 'text', text }, warnings };
}
