/**
 * The ComfyUI server calls the adapter makes, each one request (with fetchWithRetry's retries):
 * queue a prompt, read its history, upload an input, download an output, cancel.
 */
import { createHash } from 'node:crypto';
import { fetchWithRetry } from '../shared/fetch-with-retry.ts';
import { parseJsonAs } from '../shared/parse-json-as.ts';
import { getJson, postJson } from '../shared/post-json.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ComfyWorkflow } from './comfyui-workflow.ts';
import { type ComfyImageRef, comfyPromptAnswerSchema, comfyUploadAnswerSchema } from './comfyui-wire.ts';

export const comfyProvider = 'comfyui';

/** Uploads land in `input/imagegate/`, away from the operator's own inputs. */
export const comfyUploadSubfolder = 'imagegate';

export interface QueuedPrompt {
  readonly promptId: string;
  /** `node_errors` of a 200 answer: outputs ComfyUI dropped while running the rest. */
  readonly nodeErrors: unknown;
}

export async function queueComfyPrompt(settings: ProviderSettings, graph: ComfyWorkflow, clientId: string, abortSignal: AbortSignal): Promise<QueuedPrompt> {
  const json = await postJson(settings, { provider: comfyProvider, path: '/prompt', body: { prompt: graph, client_id: clientId }, abortSignal });
  const parsed = comfyPromptAnswerSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse('a /prompt answer without prompt_id', json);
  return { promptId: parsed.data.prompt_id, nodeErrors: parsed.data.node_errors };
}

export function getComfyHistory(settings: ProviderSettings, promptId: string, abortSignal: AbortSignal): Promise<unknown> {
  return getJson(settings, { provider: comfyProvider, path: `/history/${encodeURIComponent(promptId)}`, abortSignal });
}

/**
 * `POST /upload/image` (multipart: `image`, `type`, `subfolder`, `overwrite`). The filename is
 * the content's hash, so overwriting is safe and concurrent calls never take each other's file.
 * Returns the value a LoadImage / LoadImageMask `image` input takes: `subfolder/name`.
 */
export async function uploadComfyImage(settings: ProviderSettings, png: Buffer, kind: 'image' | 'mask', abortSignal: AbortSignal): Promise<string> {
  const filename = `imagegate-${kind}-${createHash('sha256').update(png).digest('hex').slice(0, 24)}.png`;
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), filename);
  form.append('type', 'input');
  form.append('subfolder', comfyUploadSubfolder);
  form.append('overwrite', 'true');
  const { response, release } = await fetchWithRetry(settings, {
    provider: comfyProvider,
    url: `${settings.baseURL}/upload/image`,
    // The HTTP client writes the multipart content-type with its boundary itself.
    method: 'POST',
    headers: settings.headers,
    body: form,
    abortSignal,
  });
  let text: string;
  try {
    text = await response.body.text();
  } finally {
    release();
  }
  const parsed = parseJsonAs(comfyUploadAnswerSchema, text);
  if (parsed === undefined) throw invalidResponse('an /upload/image answer without a name', text);
  return parsed.subfolder === '' ? parsed.name : `${parsed.subfolder}/${parsed.name}`;
}

/** `GET /view?filename=&subfolder=&type=`: the saved file's bytes. */
export async function downloadComfyImage(settings: ProviderSettings, image: ComfyImageRef, abortSignal: AbortSignal): Promise<Uint8Array> {
  const query = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type });
  const { response, release } = await fetchWithRetry(settings, {
    provider: comfyProvider,
    url: `${settings.baseURL}/view?${query.toString()}`,
    method: 'GET',
    headers: settings.headers,
    abortSignal,
  });
  try {
    return await response.body.bytes();
  } catch (cause) {
    if (abortSignal.aborted) throw abortSignal.reason;
    throw new ProviderError({ provider: comfyProvider, kind: 'network', message: `${comfyProvider} broke off while sending ${image.filename}`, isRetryable: true, cause });
  } finally {
    release();
  }
}

/**
 * Best effort after the caller gave up: drop the prompt from the queue, and interrupt it only
 * when it is the one running. Servers before the targeted `/interrupt {prompt_id}` (2025)
 * interrupt whatever runs, hence the check. Never throws; bounded by `budgetMillis`.
 */
export async function cancelComfyPrompt(settings: ProviderSettings, promptId: string, budgetMillis = 5000): Promise<void> {
  const signal = AbortSignal.timeout(budgetMillis);
  // Each answer is read to its end, so its connection stays in the pool.
  const call = async (path: string, body?: unknown): Promise<string> => {
    const headers = body === undefined ? settings.headers : { 'content-type': 'application/json', ...settings.headers };
    const answer = await settings.http.request({ url: `${settings.baseURL}${path}`, method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    return answer.body.text();
  };
  try {
    await call('/queue', { delete: [promptId] });
    const queue = JSON.parse(await call('/queue')) as { queue_running?: unknown };
    const running = Array.isArray(queue.queue_running) && queue.queue_running.some((item) => Array.isArray(item) && item[1] === promptId);
    if (running) await call('/interrupt', { prompt_id: promptId });
  } catch {
    // The server may be gone, or busy; the prompt then runs to its end unobserved.
  }
}

function invalidResponse(what: string, body: unknown): ProviderError {
  return new ProviderError({
    provider: comfyProvider,
    kind: 'invalid_response',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    message: `${comfyProvider} sent ${what}`,
    isRetryable: false,
  });
}
