import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from '../support/accounting.ts';
import { FuzzRandom } from '../support/fuzz-random.ts';
import { type TestServer, startTestServer } from '../support/test-server.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 4800);
const CASES = Number(process.env['FUZZ_LIMIT_CASES'] ?? 160);
const CONCURRENCY = 4;
const SERVER_MAX_IMAGES = 5;
const MAX_MODEL_STEPS = 6;

interface KeyUnderTest {
  secret: string;
  maxImages: number | undefined;
  exactImages: number | undefined;
}

interface LimitCase {
  key: KeyUnderTest;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** Every cap on images this case sets, whichever source it comes from. */
  caps: number[];
}

interface Answered {
  status: number;
  body: {
    status?: string;
    incomplete_details?: { reason: string } | null;
    output?: Array<{ type: string; status?: string }>;
    imagegate?: { images_generated: number; limits: { max_images: number | null; max_tool_calls: number | null; exact_images: number | null } };
    error?: { message: string; type: string; param: string | null; code: string | null };
  };
}

function limitCase(random: FuzzRandom, keys: KeyUnderTest[]): LimitCase {
  const key = random.pick(keys);
  const maybe = (min: number, max: number) => (random.bool(0.4) ? random.int(min, max) : undefined);
  const imagegate: Record<string, number> = {};
  const maxImages = maybe(0, 6);
  const exactImages = maybe(1, 7);
  if (maxImages !== undefined) imagegate['max_images'] = maxImages;
  if (exactImages !== undefined) imagegate['exact_images'] = exactImages;
  const maxToolCalls = maybe(1, 6);
  const headerMaxImages = maybe(0, 6);
  const headers: Record<string, string> = { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' };
  if (headerMaxImages !== undefined) headers['x-imagegate-max-images'] = String(headerMaxImages);
  const body: Record<string, unknown> = {
    model: random.pick(['simulator', 'simulator-repeat', `simulator-parallel-${random.int(1, 8)}`]),
    input: random.pick(['Draw a fox.', 'Draw three foxes.', 'Draw 6 pictures of a fox.', 'Hello there.']),
    tools: [{ type: 'image_generation', size: '64x64', quality: 'low' }],
    tool_choice: random.pick<unknown>(['auto', 'required', 'none', { type: 'image_generation' }, { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'image_generation' }] }]),
    stream: random.bool(0.3),
  };
  if (Object.keys(imagegate).length > 0) body['imagegate'] = imagegate;
  if (maxToolCalls !== undefined) body['max_tool_calls'] = maxToolCalls;
  if (random.bool(0.3)) body['parallel_tool_calls'] = false;
  const caps = [SERVER_MAX_IMAGES, maxImages, maxToolCalls, headerMaxImages, key.maxImages].filter((cap): cap is number => cap !== undefined);
  return { key, body, headers, caps };
}

/** The final response object, from a JSON answer or the last event of a stream. */
async function answer(server: TestServer, fuzz: LimitCase): Promise<Answered> {
  const response = await fetch(`${server.server.url}/v1/responses`, { method: 'POST', headers: fuzz.headers, body: JSON.stringify(fuzz.body), signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  if (fuzz.body['stream'] !== true || response.status !== 200) return { status: response.status, body: JSON.parse(text) as Answered['body'] };
  const last = text.trim().split('\n\n').at(-1) ?? '';
  const data = JSON.parse(last.slice(last.indexOf('data: ') + 6)) as { type: string; response?: Answered['body'] };
  if (!data.response) throw new Error(`stream ended on ${data.type}`);
  return { status: 200, body: data.response };
}

function brokenProperty(fuzz: LimitCase, answered: Answered): string | undefined {
  const { status, body } = answered;
  if (status >= 500) return `a ${status}`;
  if (status >= 400) return typeof body.error?.message === 'string' && typeof body.error.type === 'string' ? undefined : 'no error envelope';
  const info = body.imagegate;
  if (!info) return 'no imagegate block';
  const images = (body.output ?? []).filter((item) => item.type === 'image_generation_call' && item.status === 'completed').length;
  if (images !== info.images_generated) return `images_generated ${info.images_generated} but ${images} images`;
  const tightest = Math.min(...fuzz.caps);
  if (images > tightest) return `${images} images past a cap of ${tightest}`;
  const exact = info.limits.exact_images;
  if (exact !== null && body.status === 'completed' && images !== exact) return `completed with ${images} images, exact ${exact}`;
  if (body.status === 'incomplete' && !body.incomplete_details?.reason) return 'incomplete without a reason';
  if (!['completed', 'incomplete', 'failed'].includes(body.status ?? '')) return `status ${body.status}`;
  return undefined;
}

describe('random limit combinations: no cap is ever passed, an exact count is met or the response says why', () => {
  let server: TestServer;
  const keys: KeyUnderTest[] = [];
  beforeAll(async () => {
    server = await startTestServer({ auth: { adminKey: ADMIN_KEY }, limits: { maxModelSteps: MAX_MODEL_STEPS, maxImagesPerResponse: SERVER_MAX_IMAGES } });
    for (const [maxImages, exactImages] of [[undefined, undefined], [2, undefined], [undefined, 2], [1, 3], [0, undefined]] as const) {
      const policy: Record<string, number> = {};
      if (maxImages !== undefined) policy['max_images_per_response'] = maxImages;
      if (exactImages !== undefined) policy['exact_images'] = exactImages;
      const created = await createKey(server.server.url, `limits-${keys.length}`, policy);
      keys.push({ secret: created.secret, maxImages, exactImages });
    }
  });
  afterAll(async () => server.dispose());

  it(`${CASES} combinations from seed ${SEED}`, async () => {
    const random = new FuzzRandom(SEED);
    const cases = Array.from({ length: CASES }, () => limitCase(random, keys));
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < cases.length; index = next++) {
        const fuzz = cases[index]!;
        const answered = await answer(server, fuzz).catch((error: unknown): Answered => ({ status: 599, body: { error: { message: String(error), type: 'test', param: null, code: null } } }));
        const broken = brokenProperty(fuzz, answered);
        if (broken) failures.push(`#${index}: ${broken}; sent ${JSON.stringify(fuzz.body)} ${JSON.stringify(fuzz.headers)}; got ${JSON.stringify(answered.body).slice(0, 400)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures).toEqual([]);
  }, 120_000);
});
