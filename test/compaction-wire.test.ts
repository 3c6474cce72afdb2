import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dataUrl, photoPng } from './support/images.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

// ajv-formats is CommonJS: under ESM its plugin is the module's `default`.
const addFormats = ajvFormats.default.default;
const REFERENCE = new URL('fixtures/specs/', import.meta.url);

/** A validator of one component schema of a spec document (OpenAPI 3.1 = JSON Schema 2020-12). */
function componentValidator(document: unknown, name: string): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('unixtime', true);
  ajv.addSchema(document as object, 'spec');
  const validate = ajv.getSchema(`spec#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}

/** The compaction answer, as the compliance suite's `compact-response` test sends it, checked against both specs. */
describe('POST /v1/responses/compact on the wire', () => {
  let test: TestServer;
  let openResponses: unknown;
  let openAi: unknown;
  beforeAll(async () => {
    test = await startTestServer();
    openResponses = JSON.parse(readFileSync(new URL('openresponses-openapi.json', REFERENCE), 'utf8'));
    openAi = parse(readFileSync(new URL('openai-openapi.yaml', REFERENCE), 'utf8'), { maxAliasCount: -1 });
  });
  afterAll(async () => test.dispose());

  const body = {
    model: 'gpt-4o-mini',
    prompt_cache_key: 'openresponses-compact-test',
    input: [
      { type: 'message', role: 'user', content: 'We agreed to launch on Tuesday and notify support first.' },
      { type: 'message', role: 'assistant', content: 'Understood. The launch is Tuesday, with support notified beforehand.' },
    ],
  };

  it('the request is a valid CompactResponseMethodPublicBody; the answer a valid CompactResource of both specs', async () => {
    for (const document of [openResponses, openAi]) {
      const validateBody = componentValidator(document, 'CompactResponseMethodPublicBody');
      expect(validateBody(body), JSON.stringify(validateBody.errors)).toBe(true);
    }
    // A user image sent without `detail`: kept, with the fields both specs require of an item's image part.
    const imageUrl = dataUrl(await photoPng());
    const withImage = { ...body, input: [...body.input, { role: 'user', content: [{ type: 'input_image', image_url: imageUrl }] }] };
    const answer = await fetch(`${test.server.url}/v1/responses/compact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(withImage) });
    expect(answer.status).toBe(200);
    const compacted = (await answer.json()) as { object: string; output: Array<{ type: string; content?: unknown[] }> };
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.map((item) => item.type)).toEqual(['message', 'message', 'compaction']);
    expect(compacted.output[1]!.content).toEqual([{ type: 'input_image', image_url: imageUrl, detail: 'auto' }]);
    for (const document of [openResponses, openAi]) {
      const validate = componentValidator(document, 'CompactResource');
      expect(validate(compacted), JSON.stringify(validate.errors)).toBe(true);
    }
  }, 60_000);

  it('without model: 400 missing_required_parameter naming model', async () => {
    const answer = await fetch(`${test.server.url}/v1/responses/compact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: [{ type: 'message', role: 'user', content: 'Compact this conversation.' }] }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' } });
  });
});
