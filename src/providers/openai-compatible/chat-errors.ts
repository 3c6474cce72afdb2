import { ProviderError } from '../spec/provider-error.ts';

/**
 * An error reported inside a 200 answer — a stream event or a JSON body — or undefined when the
 * payload is no error. Shapes: `{error:{message,type,code}}` (OpenAI, OpenRouter: "errors that
 * occur mid-generation arrive as data events with an error field", with a numeric `code`),
 * `{error:"…"}`, and vLLM's `{object:"error",message,code}` (block/goose#8031).
 */
export function readChatErrorPayload(provider: string, payload: unknown, body: string): ProviderError | undefined {
  if (!isRecord(payload)) return undefined;
  let details: Record<string, unknown>;
  if (isRecord(payload.error)) details = payload.error;
  else if (typeof payload.error === 'string') details = { message: payload.error };
  else if (payload.object === 'error') details = payload;
  else return undefined;
  const message = typeof details.message === 'string' && details.message !== '' ? details.message : 'unknown error';
  const status = typeof details.code === 'number' && details.code >= 400 && details.code <= 599 ? details.code : undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const upstream = { code: text(details.code), type: text(details.type), param: text(details.param), message: text(details.message) };
  return new ProviderError({ provider, kind: 'http', status, body, upstream, message: `${provider} reported an error: ${message}` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
