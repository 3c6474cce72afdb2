/**
 * Test support: a local fake of ComfyUI's server (`/prompt`, `/history/{id}`, `/view`,
 * `/upload/image`, `/queue`, `/interrupt`) that "runs" a submitted workflow by rendering real
 * PNGs with sharp at the size the bound workflow asks for (EmptyLatentImage, or the uploaded
 * LoadImage input) and as many as its batch says. Imported by `*.test.ts` files only.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import type { ComfyJson, ComfyWorkflow } from '../../../../src/providers/comfyui/comfyui-workflow.ts';

export interface MultipartPart {
  readonly name: string;
  readonly value: string | { readonly filename: string; readonly type: string; readonly data: Buffer };
}

export interface ComfyFake {
  readonly server: FakeHttpServer;
  /** Workflows received by `POST /prompt`, in order. */
  readonly prompts: ComfyWorkflow[];
  /** Uploaded files by `subfolder/name`. */
  readonly uploads: Map<string, Buffer>;
}

export interface ComfyFakeOptions {
  /** `{}` answers to `/history/{id}` before the entry appears. Default 0. */
  readonly pendingPolls?: number;
  /** Answers a request itself when it returns a reply (faults, recorded errors). */
  readonly override?: (request: RecordedRequest, index: number) => FakeReply | undefined;
}

/** Parses a multipart body the way aiohttp's `request.post()` would. */
export async function readMultipart(request: RecordedRequest): Promise<MultipartPart[]> {
  const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
  const parts: MultipartPart[] = [];
  for (const [name, value] of form.entries()) {
    parts.push({ name, value: typeof value === 'string' ? value : { filename: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) } });
  }
  return parts;
}

export function readComfyFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/providers/comfyui/${name}`, import.meta.url), 'utf8')) as unknown;
}

export async function startComfyFake(options: ComfyFakeOptions = {}): Promise<ComfyFake> {
  const prompts: ComfyWorkflow[] = [];
  const uploads = new Map<string, Buffer>();
  const files = new Map<string, Buffer>();
  const runs = new Map<string, { saveNodeId: string; filenames: string[]; polls: number }>();
  const server = await startFakeHttpServer(async (request, index) => {
    const overridden = options.override?.(request, index);
    if (overridden !== undefined) return overridden;
    const url = new URL(request.url, 'http://fake');
    if (request.method === 'POST' && url.pathname === '/upload/image') {
      const parts = await readMultipart(request);
      const image = parts.find((part) => part.name === 'image')?.value;
      const subfolder = parts.find((part) => part.name === 'subfolder')?.value;
      if (image === undefined || typeof image === 'string') return { status: 400, body: '' };
      const folder = typeof subfolder === 'string' ? subfolder : '';
      uploads.set(folder === '' ? image.filename : `${folder}/${image.filename}`, image.data);
      return { json: { name: image.filename, subfolder: folder, type: 'input' } };
    }
    if (request.method === 'POST' && url.pathname === '/prompt') {
      const graph = (request.json() as { prompt: ComfyWorkflow }).prompt;
      prompts.push(graph);
      const promptId = `prompt-${prompts.length}`;
      const { width, height, batch } = await plannedOutput(graph, uploads);
      const filenames: string[] = [];
      for (let image = 0; image < batch; image++) {
        const filename = `imagegate_${String(files.size + 1).padStart(5, '0')}_.png`;
        files.set(filename, await renderPng(width, height, files.size));
        filenames.push(filename);
      }
      const saveNodeId = Object.entries(graph).find(([, node]) => node.class_type === 'SaveImage')?.[0] ?? '9';
      runs.set(promptId, { saveNodeId, filenames, polls: 0 });
      return { json: { prompt_id: promptId, number: prompts.length, node_errors: {} } };
    }
    const historyMatch = /^\/history\/(.+)$/.exec(url.pathname);
    if (request.method === 'GET' && historyMatch !== null) {
      const promptId = decodeURIComponent(historyMatch[1] ?? '');
      const run = runs.get(promptId);
      if (run === undefined || run.polls++ < (options.pendingPolls ?? 0)) return { json: {} };
      const images = run.filenames.map((filename) => ({ filename, subfolder: '', type: 'output' }));
      const status = { status_str: 'success', completed: true, messages: [['execution_start', { prompt_id: promptId, timestamp: 1767225600000 }], ['execution_success', { prompt_id: promptId, timestamp: 1767225605000 }]] };
      return { json: { [promptId]: { prompt: [0, promptId, {}, {}, [run.saveNodeId]], outputs: { [run.saveNodeId]: { images } }, status, meta: {} } } };
    }
    if (request.method === 'GET' && url.pathname === '/view') {
      const file = files.get(url.searchParams.get('filename') ?? '');
      return file === undefined ? { status: 404, body: '' } : { headers: { 'content-type': 'image/png' }, body: file };
    }
    if (request.method === 'GET' && url.pathname === '/queue') return { json: { queue_running: [], queue_pending: [] } };
    if (request.method === 'POST' && (url.pathname === '/queue' || url.pathname === '/interrupt')) return { body: '' };
    return { status: 404, body: '404: Not Found' };
  });
  return { server, prompts, uploads };
}

/** Size and count the workflow would produce. */
async function plannedOutput(graph: ComfyWorkflow, uploads: Map<string, Buffer>): Promise<{ width: number; height: number; batch: number }> {
  const nodes = Object.values(graph);
  const latent = nodes.find((node) => node.class_type === 'EmptyLatentImage');
  const repeat = nodes.find((node) => node.class_type === 'RepeatLatentBatch');
  if (latent !== undefined) return { width: integer(latent.inputs.width), height: integer(latent.inputs.height), batch: integer(latent.inputs.batch_size) };
  const loaded = nodes.find((node) => node.class_type === 'LoadImage');
  const upload = uploads.get(String(loaded?.inputs.image ?? ''));
  const metadata = upload === undefined ? { width: 512, height: 512 } : await sharp(upload).metadata();
  return { width: metadata.width, height: metadata.height, batch: repeat === undefined ? 1 : integer(repeat.inputs.amount) };
}

function integer(value: ComfyJson | undefined): number {
  return typeof value === 'number' ? value : 1;
}

/** A flat picture; `shade` tells images apart. */
export function renderPng(width: number, height: number, shade: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: (shade * 70) % 256, g: 110, b: 190 } } }).png().toBuffer();
}
