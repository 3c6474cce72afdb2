import { parseJsonAs } from '../shared/parse-json-as.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { type A1111Info, a1111ImagesResponseSchema, a1111InfoSchema } from './a1111-wire.ts';

export interface A1111Answer {
  readonly images: ReadonlyArray<{ readonly data: Uint8Array; readonly revisedPrompt: string | undefined }>;
  /** The checkpoint that drew them, when `info` says. */
  readonly modelName: string | undefined;
}

/**
 * Reads a txt2img / img2img answer: the `count` images of the batch, skipping a grid in front
 * (`index_of_first_image`) and extras scripts append after (masks, ControlNet maps). The
 * revised prompt is the one A1111 actually used (`all_prompts`), when styles or wildcards
 * changed it.
 */
export function mapA1111Response(provider: string, json: unknown, count: number, prompt: string): A1111Answer {
  const parsed = a1111ImagesResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, json);
  const info = readInfo(parsed.data.info);
  const first = info?.index_of_first_image ?? 0;
  const encoded = (parsed.data.images ?? []).slice(first, first + count);
  if (encoded.length < count) throw invalidResponse(provider, `${provider} sent ${encoded.length} image(s); ${count} were asked for`, json);
  const images = encoded.map((base64, index) => {
    const used = info?.all_prompts?.[index];
    return { data: decodeBase64(provider, base64), revisedPrompt: used !== undefined && used !== prompt ? used : undefined };
  });
  return { images, modelName: info?.sd_model_name ?? undefined };
}

/** `info` is JSON inside a string; an unreadable one costs only the extras it would give. */
function readInfo(info: string | undefined): A1111Info | undefined {
  return parseJsonAs(a1111InfoSchema, info);
}

function decodeBase64(provider: string, value: string): Uint8Array {
  // Forks answer with data URLs; A1111 itself sends bare base64.
  const base64 = value.startsWith('data:') ? value.slice(value.indexOf(',') + 1) : value;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw invalidResponse(provider, `${provider} sent an empty image`, undefined);
  return new Uint8Array(bytes);
}

function invalidResponse(provider: string, message: string, json: unknown): ProviderError {
  return new ProviderError({ provider, kind: 'invalid_response', body: json === undefined ? undefined : JSON.stringify(json).slice(0, 4096), message, isRetryable: false });
}
