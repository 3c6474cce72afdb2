import { z } from 'zod';
import { parseJsonAs } from '../shared/parse-json-as.ts';

/**
 * OpenAI's error body, `{error:{message,type,param,code}}`, as both the Images and the Responses
 * API send it; every field optional so odd proxies still parse.
 */
export const openAIErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

export interface OpenAIErrorDetails {
  message: string | undefined;
  type: string | undefined;
  param: string | undefined;
  /** As text; a numeric code (some proxies) becomes its digits, an empty one undefined. */
  code: string | undefined;
}

/** The envelope's fields, or undefined when the body is not one. */
export function readOpenAIErrorEnvelope(body: string | undefined): OpenAIErrorDetails | undefined {
  const envelope = parseJsonAs(openAIErrorEnvelopeSchema, body);
  return envelope === undefined ? undefined : openAIErrorDetails(envelope.error);
}

export function openAIErrorDetails(fields: { message?: string | null; type?: string | null; param?: string | null; code?: string | number | null }): OpenAIErrorDetails {
  const code = fields.code === null || fields.code === undefined || fields.code === '' ? undefined : String(fields.code);
  return { message: fields.message ?? undefined, type: fields.type ?? undefined, param: fields.param ?? undefined, code };
}
