import { z } from 'zod';
import { invalidResponse } from '../shared/invalid-response.ts';
import { postJson } from '../shared/post-json.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { mapOpenAIResponsesError } from './openai-responses-error.ts';
import { openAIResponsesPassthroughProvider } from './openai-responses-passthrough.ts';

export interface CountInputTokensOptions {
  /** A `TokenCountsBody`; `model` must already be the upstream's model id. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly settings: ProviderSettings;
  readonly abortSignal: AbortSignal;
}

const tokenCountsSchema = z.looseObject({ object: z.literal('response.input_tokens'), input_tokens: z.number().int().min(0) });

/** OpenAI's own count (`POST {baseURL}/responses/input_tokens`), for a passthrough route: its state and tools are upstream's. */
export async function countOpenAIInputTokens(options: CountInputTokensOptions): Promise<number> {
  const provider = openAIResponsesPassthroughProvider;
  let answer: unknown;
  try {
    answer = await postJson(options.settings, { provider, path: '/responses/input_tokens', body: options.body, abortSignal: options.abortSignal });
  } catch (error) {
    throw mapOpenAIResponsesError(error);
  }
  const parsed = tokenCountsSchema.safeParse(answer);
  if (!parsed.success) throw invalidResponse(provider, 'the input token count is not a response.input_tokens object', answer);
  return parsed.data.input_tokens;
}
