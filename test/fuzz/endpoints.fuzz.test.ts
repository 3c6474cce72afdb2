import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from '../support/accounting.ts';
import { FuzzRandom } from '../support/fuzz-random.ts';
import { dataUrl, photoPng } from '../support/images.ts';
import { type TestServer, startTestServer } from '../support/test-server.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);
const CASES = Number(process.env['FUZZ_CASES'] ?? 1000);
const CONCURRENCY = 4;
// Every response ends, streams included; a hung one fails the property.
const DEADLINE_MILLIS = 20_000;

interface FuzzCase {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  text: string;
}

function templates(photoUrl: string): Array<{ path: string; body: Record<string, unknown> }> {
  const imageTool = { type: 'image_generation', size: '64x64', quality: 'low', output_format: 'png', partial_images: 1 };
  const functionTool = { type: 'function', name: 'lookup', description: 'find', parameters: { type: 'object', properties: { q: { type: 'string' } } } };
  const responses = [
    { model: 'simulator', input: 'Draw a cat.', tools: [imageTool], imagegate: { max_images: 1 } },
    {
      model: 'simulator-parallel-3',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Draw two of these.' }, { type: 'input_image', image_url: photoUrl, detail: 'low' }] }],
      tools: [imageTool, functionTool],
      max_tool_calls: 3,
      imagegate: { max_images: 2, exact_images: 2 },
      stream: true,
    },
    {
      model: 'simulator',
      instructions: 'Be brief.',
      input: 'Call lookup.',
      tools: [functionTool],
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'lookup' }] },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
      metadata: { run: 'fuzz' },
      temperature: 1,
      max_output_tokens: 64,
    },
  ];
  return [
    ...responses.map((body) => ({ path: '/v1/responses', body })),
    ...responses.slice(0, 2).map((body) => ({ path: '/v1/responses/estimate', body })),
    { path: '/v1/images/generations', body: { prompt: 'a cat', n: 2, size: '256x256', quality: 'low', output_format: 'webp', output_compression: 50 } },
    { path: '/v1/images/generations', body: { prompt: 'a cat', size: '256x256', quality: 'low', stream: true, partial_images: 1 } },
    { path: '/v1/images/edits', body: { prompt: 'make it blue', images: [{ image_url: photoUrl }], size: '256x256', quality: 'low' } },
    { path: '/v1/admin/keys', body: { name: 'fuzzed', policy: { max_images_per_response: 2, exact_images: 1, budgets: { daily_usd: 1 }, rate_limits: { images_per_minute: 5 } } } },
  ];
}

function queryCase(random: FuzzRandom): FuzzCase {
  const value = () => encodeURIComponent(String(random.pick<unknown>([random.number(), random.string(), '9'.repeat(random.int(1, 400)), '2026-12-01', '-5', ''])));
  return random.pick<FuzzCase>([
    { method: 'GET', path: `/v1/usage?group_by=${random.pick(['day', 'model', 'key', 'week', value()])}&from=${value()}&to=${value()}` },
    { method: 'GET', path: `/v1/admin/responses?limit=${value()}` },
    { method: 'GET', path: `/v1/responses/resp_${value()}/input_items?limit=${value()}&order=${value()}` },
    { method: 'GET', path: `/v1/responses/${value()}` },
    { method: 'GET', path: '/v1/models' },
  ]);
}

function headersCase(random: FuzzRandom): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['x-imagegate-max-images', 'x-imagegate-exact-images', 'x-imagegate-max-tool-calls', 'x-imagegate-max-cost-usd']) {
    // fetch refuses non-Latin-1 and control characters in headers before sending; those cannot reach a server.
    if (random.bool(0.15)) headers[name] = String(random.pick<unknown>([random.number(), random.string(), '0.01', '1'])).replace(/[^\x20-\x7e]/g, '?').trim();
  }
  return headers;
}

async function send(server: TestServer, fuzz: FuzzCase): Promise<Answer> {
  const init: RequestInit = {
    method: fuzz.method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(fuzz.body === undefined ? {} : { 'content-type': 'application/json' }), ...fuzz.headers },
    signal: AbortSignal.timeout(DEADLINE_MILLIS),
  };
  if (fuzz.body !== undefined) init.body = JSON.stringify(fuzz.body);
  const response = await fetch(`${server.server.url}${fuzz.path}`, init);
  return { status: response.status, text: await response.text() };
}

/** The properties every answer has, whatever was sent. Returns a description of the first broken one. */
function brokenProperty(fuzz: FuzzCase, answer: Answer): string | undefined {
  if (answer.status >= 500) return `a ${answer.status}`;
  if (answer.status >= 400) {
    let envelope: { error?: Record<string, unknown> };
    try {
      envelope = JSON.parse(answer.text) as { error?: Record<string, unknown> };
    } catch {
      return `a ${answer.status} whose body is not JSON`;
    }
    const error = envelope.error;
    if (typeof error?.['message'] !== 'string' || typeof error['type'] !== 'string') return 'no OpenAI error envelope';
    if (!(error['param'] === null || typeof error['param'] === 'string')) return 'param neither string nor null';
    if (!(error['code'] === null || typeof error['code'] === 'string')) return 'code neither string nor null';
    return undefined;
  }
  const body = fuzz.body as Record<string, unknown> | undefined;
  if (fuzz.path === '/v1/responses' && body?.['stream'] !== true) {
    const response = JSON.parse(answer.text) as { status: string; imagegate?: { images_generated: number; limits: { max_images: number | null; exact_images: number | null } } };
    if (!['completed', 'incomplete', 'failed'].includes(response.status)) return `status ${response.status}`;
    const info = response.imagegate;
    if (info && info.limits.max_images !== null && info.images_generated > info.limits.max_images) return 'more images than max_images';
    if (info && info.limits.exact_images !== null && response.status === 'completed' && info.images_generated !== info.limits.exact_images) {
      return 'completed without the exact image count';
    }
  }
  if (body?.['stream'] === true && answer.text.includes('event:')) {
    const last = answer.text.trim().split('\n\n').at(-1) ?? '';
    if (!/response\.(completed|incomplete|failed)|"type":"error"|image_(generation|edit)\.completed/.test(last)) return `stream ended on: ${last.slice(0, 120)}`;
  }
  return undefined;
}

describe('fuzzed requests to every endpoint: OpenAI envelopes on 4xx, never a 5xx, every response ends', () => {
  let server: TestServer;
  let photoUrl: string;
  beforeAll(async () => {
    server = await startTestServer({ auth: { adminKey: ADMIN_KEY }, maxBodyBytes: 4_000_000 });
    photoUrl = dataUrl(await photoPng(32));
  });
  afterAll(async () => server.dispose());

  it(`${CASES} cases from seed ${SEED}`, async () => {
    const random = new FuzzRandom(SEED);
    const bodies = templates(photoUrl);
    const cases: FuzzCase[] = Array.from({ length: CASES }, (): FuzzCase => {
      if (random.bool(0.15)) return queryCase(random);
      const template = random.pick(bodies);
      // One case in ten is the valid template itself, so the success paths are fuzzed too.
      return { method: 'POST', path: template.path, body: random.bool(0.1) ? template.body : random.mutate(template.body), headers: headersCase(random) };
    });
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < cases.length; index = next++) {
        const fuzz = cases[index]!;
        const answer = await send(server, fuzz).catch((error: unknown) => ({ status: 599, text: String(error) }));
        const broken = brokenProperty(fuzz, answer);
        if (broken) failures.push(`#${index} ${fuzz.method} ${fuzz.path}: ${broken}; sent ${JSON.stringify(fuzz.body)?.slice(0, 300)}; got ${answer.text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures).toEqual([]);
  }, 120_000);
});
