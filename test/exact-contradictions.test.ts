import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { type LooseBody, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

const TOOL = { type: 'image_generation', size: '64x64' } as const;
const FUNCTION_TOOL = { type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } } as const;

describe('an exact image count the request makes impossible is a 400 before anything is spent', () => {
  let test: TestServer;
  let exactKey: { id: string; secret: string };
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY }, limits: { maxModelSteps: 4 } });
    exactKey = await createKey(test.server.url, 'exact-two', { exact_images: 2, budgets: { total_usd: 5 } });
  });
  afterAll(async () => test.dispose());

  const admin = () => new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
  const refused = async (body: LooseBody, secret: string, param: string) => {
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: secret, maxRetries: 0 });
    const error = await client.responses.create(body as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param, code: 'invalid_value', type: 'invalid_request_error' });
  };

  it('allowed_tools without image_generation, a forced function, tool_choice none under the key policy, too few steps: each a 400 naming the field', async () => {
    const base = { model: 'simulator', input: 'Draw two cats.' };
    await refused(
      { ...base, tools: [TOOL, FUNCTION_TOOL], tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'lookup' }] }, imagegate: { exact_images: 2 } },
      ADMIN_KEY,
      'tool_choice.tools',
    );
    await refused({ ...base, tools: [TOOL, FUNCTION_TOOL], tool_choice: { type: 'function', name: 'lookup' }, imagegate: { exact_images: 2 } }, ADMIN_KEY, 'tool_choice');
    // 4 model steps: 3 may call tools, one image each without parallel calls.
    await refused({ ...base, tools: [TOOL], parallel_tool_calls: false, imagegate: { exact_images: 4 } }, ADMIN_KEY, 'imagegate.exact_images');
    // The count comes from the key's policy; the request's tool_choice contradicts it.
    await refused({ ...base, tools: [TOOL], tool_choice: 'none' }, exactKey.secret, 'tool_choice');
    await refused({ ...base, tools: [TOOL], tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } }, exactKey.secret, 'tool_choice.tools');
    // Nothing was reserved or billed for any of them.
    expect(querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from budget_reservations').n).toBe(0);
    expect(querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from usage_ledger').n).toBe(0);
  });

  it('a count the step cap cuts at run time: incomplete with reason exact_images_not_met and a warning, never completed', async () => {
    const response = await admin().responses.create({ model: 'simulator', input: 'Draw five cats.', tools: [TOOL], imagegate: { exact_images: 5 } } as never);
    expect(imagesOf(response)).toHaveLength(3);
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'exact_images_not_met' });
    const { warnings } = (response as unknown as { imagegate: { warnings: Array<{ setting?: string; message: string }> } }).imagegate;
    expect(warnings).toContainEqual(expect.objectContaining({ setting: 'exact_images', message: expect.stringContaining('3 were made') as string }));
    expect(imagegateOf(response).images_generated).toBe(3);
  });

  it('a count that can be met still completes', async () => {
    const response = await admin().responses.create({ model: 'simulator', input: 'Draw two cats.', tools: [TOOL], parallel_tool_calls: false, imagegate: { exact_images: 2 } } as never);
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(2);
  });
});
