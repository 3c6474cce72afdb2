import { cleanPhrase, truncateWords, type ImageRequest } from './parse-request.ts';
import { isImageTheUserHas, isStopSignal, type ImageToolResult } from './parse-tool-result.ts';
import type { FunctionToolResult } from './read-turn.ts';

/** What the final text reply reports on. */
export interface ReplyFacts {
  readonly userText: string;
  readonly request: ImageRequest;
  readonly imageCallCount: number;
  readonly imageResults: ReadonlyArray<ImageToolResult>;
  /** The image tool is offered and toolChoice would let the model call it. */
  readonly imageToolAvailable: boolean;
  readonly functionResults: ReadonlyArray<FunctionToolResult>;
}

const MAX_ECHO_CHARS = 80;
const MAX_RESULT_CHARS = 200;

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Plain-English reason the server gave for not running an image call. */
function describeReason(reason: string | undefined): string {
  if (reason === undefined) return 'the server did not run it';
  const lower = reason.toLowerCase();
  if (lower.includes('rate')) return 'the image rate limit was reached';
  if (lower.includes('budget') || lower.includes('cost')) return 'the image budget for this response was reached';
  if (lower.includes('max_images') || lower.includes('limit')) return 'the image limit for this response was reached';
  return `the server did not run it (${reason})`;
}

/** Why fewer images exist than were asked for, from the strongest evidence available. */
function shortfallReason(facts: ReplyFacts): string {
  const notExecuted = facts.imageResults.find((result) => result.status === 'not_executed');
  if (notExecuted !== undefined) return describeReason(notExecuted.reason);
  if (facts.imageResults.some(isStopSignal)) return 'the image limit for this response was reached';
  const failed = facts.imageResults.filter((result) => result.status === 'failed');
  if (failed.length > 0) return `${plural(failed.length, 'image')} failed (${failed[0]?.reason ?? 'no reason given'})`;
  if (!facts.imageToolAvailable) {
    return facts.imageCallCount === 0
      ? 'image generation is not available for this response'
      : 'image generation was stopped for this response';
  }
  return 'the image tool did not confirm the rest';
}

function describeImages(facts: ReplyFacts): string[] {
  const { request, imageResults } = facts;
  const madeCount = imageResults.filter(isImageTheUserHas).length;
  const askedCount = request.requestedImageCount;
  if (madeCount === 0 && askedCount === 0 && imageResults.length === 0) return [];

  const sentences: string[] = [];
  const shortfall = madeCount < askedCount;
  if (madeCount === 0) {
    const what = askedCount > 1 ? `any of the ${askedCount} images you asked for` : `the image of ${request.subject}`;
    sentences.push(`I couldn't make ${what}; ${shortfallReason(facts)}.`);
  } else if (shortfall) {
    sentences.push(`I made ${madeCount} of the ${askedCount} images you asked for; ${shortfallReason(facts)}.`);
  } else if (request.wantsEdit) {
    sentences.push(madeCount === 1
      ? `Here is the edited image (${request.subject}).`
      : `Here are ${madeCount} edited images (${request.subject}).`);
  } else {
    sentences.push(madeCount === 1
      ? `Here is your image of ${request.subject}.`
      : `Here are your ${madeCount} images of ${request.subject}.`);
  }

  // Calls beyond what was needed that the server refused: say so, the user may wonder.
  if (!shortfall) {
    const refused = imageResults.filter((result) => result.status === 'not_executed');
    if (refused.length > 0) {
      sentences.push(`${plural(refused.length, 'further image call')} ${refused.length === 1 ? 'was' : 'were'} not executed: ${describeReason(refused[0]?.reason)}.`);
    }
    const failed = imageResults.filter((result) => result.status === 'failed');
    if (failed.length > 0) sentences.push(`${plural(failed.length, 'image call')} failed.`);
  }
  return sentences;
}

/** The short, deterministic text the simulator ends a turn with. */
export function composeReply(facts: ReplyFacts): string {
  const sentences: string[] = [];
  for (const result of facts.functionResults) {
    sentences.push(`The ${result.toolName} tool returned: ${truncateWords(result.output.trim(), MAX_RESULT_CHARS)}`);
  }
  sentences.push(...describeImages(facts));
  if (sentences.length > 0) return sentences.join('\n');

  const topic = cleanPhrase(facts.userText, MAX_ECHO_CHARS);
  const greeting = topic === '' ? 'Hello!' : `You said: "${topic}".`;
  return `${greeting} I'm the imagegate simulator, an offline stand-in for a chat model. Ask me to draw something and I'll use the image tool.`;
}
