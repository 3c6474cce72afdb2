// Chat Completions answers carrying the recorded text, in OpenAI's `chat.completion` and
// `chat.completion.chunk` shapes (OpenAPI `CreateChatCompletionResponse`,
// `CreateChatCompletionStreamResponse`): a role chunk, one chunk per recorded delta, a
// `finish_reason` chunk, a usage chunk when `stream_options.include_usage`, then `data: [DONE]`.
import { type Template, compileTemplate, hole } from './template.ts';

export interface ChatCompletionAnswers {
  readonly json: Template;
  /** Without the usage chunk; `usageChunk` goes before `[DONE]` when the request asks for it. */
  readonly sse: ReadonlyArray<Template>;
  readonly usageChunk: Template;
  readonly done: string;
}

const CREATED = 1_765_552_663;
const FINGERPRINT = 'fp_a1b2c3d4e5';
const usage = {
  prompt_tokens: 260,
  completion_tokens: 8,
  total_tokens: 268,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

export function chatCompletionAnswers(text: string, deltas: ReadonlyArray<string>): ChatCompletionAnswers {
  const head = { id: hole('CHAT_ID'), object: 'chat.completion.chunk', created: CREATED, model: hole('MODEL'), service_tier: 'default', system_fingerprint: FINGERPRINT };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): Template =>
    compileTemplate(`data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`);
  const sse = [chunk({ role: 'assistant', content: '', refusal: null }, null), ...deltas.map((content) => chunk({ content }, null)), chunk({}, 'stop')];
  const json = {
    id: hole('CHAT_ID'),
    object: 'chat.completion',
    created: CREATED,
    model: hole('MODEL'),
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
  return {
    json: compileTemplate(JSON.stringify(json)),
    sse,
    usageChunk: compileTemplate(`data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`),
    done: 'data: [DONE]\n\n',
  };
}
