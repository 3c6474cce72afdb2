// The fake OpenAI upstream of `npm run bench:peers`, run as its own process (so its CPU is not
// counted against the server measured): `node --import tsx bench/peers/fake-upstream.ts`.
// Prints `fake upstream listening on http://127.0.0.1:PORT` once ready; stops on SIGTERM.
//
// POST /v1/responses           recorded OpenAI answer, JSON or SSE; an `image_generation` call when
//                              the request offers that function and holds no function_call_output yet
// POST /v1/chat/completions    the same text as chat.completion / chat.completion.chunk
// POST /v1/images/generations  a real 1024² PNG at once; SSE with partial images when `stream: true`
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chatCompletionAnswers } from './chat-completion-answers.ts';
import { makeImageAnswers } from './image-answers.ts';
import { type RecordedAnswer, loadRecordedAnswers } from './recorded-responses.ts';
import { renderTemplate } from './template.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const answers = loadRecordedAnswers(repoRoot);
const chat = chatCompletionAnswers(answers.text.content, answers.text.deltas);
const images = await makeImageAnswers();

// Unique ids per answer (a gateway may key stored rows or ledger entries by them), the length OpenAI's have.
const idPrefix = Date.now().toString(16).padStart(12, '0');
let counter = 0;
const nextId = (): string => `${idPrefix}${(counter++).toString(16).padStart(38, '0')}`;

interface RequestBody {
  model?: unknown;
  stream?: unknown;
  store?: unknown;
  input?: unknown;
  tools?: unknown;
  partial_images?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function offersImageTool(body: RequestBody): boolean {
  return Array.isArray(body.tools) && body.tools.some((tool) => isObject(tool) && tool['type'] === 'function' && tool['name'] === 'image_generation');
}

function hasToolResult(body: RequestBody): boolean {
  return Array.isArray(body.input) && body.input.some((item) => isObject(item) && item['type'] === 'function_call_output');
}

function answerResponses(body: RequestBody, response: ServerResponse): void {
  const answer: RecordedAnswer = offersImageTool(body) && !hasToolResult(body) ? answers.imageCall : answers.text;
  const values = {
    RESP_ID: JSON.stringify(`resp_${nextId()}`),
    ITEM_ID: JSON.stringify(`${answer === answers.text ? 'msg' : 'fc'}_${nextId()}`),
    CALL_ID: JSON.stringify(`call_${nextId().slice(-24)}`),
    MODEL: JSON.stringify(typeof body.model === 'string' ? body.model : 'gpt-4.1'),
    STORE: body.store === false ? 'false' : 'true',
  };
  if (body.stream !== true) return sendJson(response, renderTemplate(answer.json, values));
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const event of answer.sse) response.write(renderTemplate(event, values));
  response.end();
}

function answerChat(body: RequestBody, response: ServerResponse): void {
  const values = { CHAT_ID: JSON.stringify(`chatcmpl-${nextId().slice(-29)}`), MODEL: JSON.stringify(typeof body.model === 'string' ? body.model : 'gpt-4.1') };
  if (body.stream !== true) return sendJson(response, renderTemplate(chat.json, values));
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const chunk of chat.sse) response.write(renderTemplate(chunk, values));
  if (body.stream_options?.include_usage === true) response.write(renderTemplate(chat.usageChunk, values));
  response.end(chat.done);
}

async function answerImages(body: RequestBody, response: ServerResponse): Promise<void> {
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': images.json.length });
    response.end(images.json);
    return;
  }
  const partialCount = typeof body.partial_images === 'number' ? Math.max(0, Math.min(body.partial_images, images.partialEvents.length)) : 0;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  // The buffers are shared by every response; waiting for 'drain' keeps a slow reader from queueing copies.
  for (const event of [...images.partialEvents.slice(0, partialCount), images.completedEvent]) {
    if (!response.write(event)) await new Promise<void>((resolveDrain) => response.once('drain', resolveDrain).once('close', resolveDrain));
    if (response.destroyed) return;
  }
  response.end();
}

function sendJson(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const notFound = (url: string): string => JSON.stringify({ error: { message: `Invalid URL (POST ${url})`, type: 'invalid_request_error', param: null, code: null } });

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parts: Buffer[] = [];
  for await (const chunk of request) parts.push(chunk as Buffer);
  let body: RequestBody;
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'));
    body = isObject(parsed) ? parsed : {};
  } catch {
    return sendJson(response, JSON.stringify({ error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } }), 400);
  }
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'POST') return sendJson(response, notFound(path ?? '/'), 404);
  if (path === '/v1/responses') return answerResponses(body, response);
  if (path === '/v1/chat/completions') return answerChat(body, response);
  if (path === '/v1/images/generations') return answerImages(body, response);
  sendJson(response, notFound(path ?? '/'), 404);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`fake upstream: ${error instanceof Error ? error.message : String(error)}\n`);
    response.destroy();
  });
});
// Gateways keep connections to their upstream open between the bench's rows: never close an idle one first.
server.keepAliveTimeout = 300_000;
server.headersTimeout = 301_000;
server.listen(Number(process.env['FAKE_UPSTREAM_PORT'] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`fake upstream listening on http://127.0.0.1:${port} (png ${images.png.length} bytes)\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
