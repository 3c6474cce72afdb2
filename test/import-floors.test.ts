/**
 * The floors of src/ (eslint.config.js, rule imagegate/import-floors) hold: ESLint, with the
 * project's own config, fails the fixtures under test/fixtures/lint/ that import upward across
 * a floor or from test/, passes the ones that import down, and passes src/ as it is.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtures = 'test/fixtures/lint/src';

/** Each linted file (relative to the fixtures' mirror of src/) with its errors as `line: message`. */
async function lintFixtures(): Promise<Map<string, string[]>> {
  // `ignore: false`: the fixtures are ignored by the normal run (npm run lint) and linted here only.
  const eslint = new ESLint({ cwd: repositoryRoot, ignore: false });
  const results = await eslint.lintFiles([`${fixtures}/**/*.ts`]);
  return new Map(
    results.map((result) => [
      result.filePath.slice(repositoryRoot.length + fixtures.length - 'src'.length),
      result.messages.map((message) => `${message.line}: ${message.ruleId ?? 'parse'}: ${message.message}`),
    ]),
  );
}

const floor = (line: number, from: string, to: string, specifier: string, allowed: string) =>
  `${line}: imagegate/import-floors: src/${from} may not import src/${to} ('${specifier}'): imports only point down. src/${from} may import: ${allowed}.`;
const PROVIDER_MAY = 'providers/shared, providers/spec, media, tokens';
const SERVICE_MAY = 'loop, policy, tools, observability, providers/registry, providers/spec, storage, responses, pricing, net, errors, config, ids, media, tokens';
const LOOP_MAY = 'policy, tools, providers/spec, responses, pricing, errors, ids, media, tokens';

describe('npm run lint: the floors of src/', () => {
  it('fails every fixture that imports upward across a floor or from test/, and passes the ones that import down', async () => {
    const errors = await lintFixtures();
    expect(Object.fromEntries(errors)).toEqual({
      'src/providers/openai/imports-service.ts': [floor(2, 'providers/openai', 'service', '../../service/run-response.ts', PROVIDER_MAY)],
      'src/providers/openai/imports-policy-and-storage.ts': [
        floor(2, 'providers/openai', 'policy', '../../policy/spend-guard.ts', PROVIDER_MAY),
        floor(3, 'providers/openai', 'storage', '../../storage/response-store.ts', PROVIDER_MAY),
        floor(4, 'providers/openai', 'errors', '../../errors/to-client-error.ts', PROVIDER_MAY),
      ],
      // The registry throws the domain error (allowed); building the client envelope is not its job.
      'src/providers/registry/builds-api-error.ts': [
        floor(2, 'providers/registry', 'errors', '../../errors/api-error.ts', 'providers/*, providers/shared, providers/spec, config, pricing, media, errors/unknown-model-error.ts'),
      ],
      'src/storage/imports-net.ts': [floor(2, 'storage', 'net', '../net/fetch-image-url.ts', 'responses, ids, media')],
      'src/loop/imports-http-and-concrete-provider.ts': [
        floor(3, 'loop', 'providers/openai', '../providers/openai/openai-image-model.ts', LOOP_MAY),
        floor(4, 'loop', 'http', '../http/app.ts', LOOP_MAY),
      ],
      // Conversation replay under responses/ may not use the image tool; next to the loop it may.
      'src/responses/conversation/items-to-messages.ts': [
        floor(2, 'responses', 'tools', '../../tools/image-generation/image-tool-definition.ts', 'providers/spec, errors, ids, media'),
      ],
      'src/loop/items-to-messages.ts': [],
      // Re-exports and dynamic imports count too.
      'src/service/imports-concrete-provider.ts': [
        floor(2, 'service', 'providers/openai', '../providers/openai/openai-responses-passthrough.ts', SERVICE_MAY),
        floor(3, 'service', 'providers/shared', '../providers/shared/provider-error.ts', SERVICE_MAY),
        floor(4, 'service', 'providers/gemini', '../providers/gemini/gemini-image-model.ts', SERVICE_MAY),
      ],
      'src/service/imports-down.ts': [],
      'src/http/imports-test-kit.ts': [
        "2: imagegate/import-floors: src/ may not import from test/ ('../../test/kits/providers/openai/openai-image-fake-server.ts'): test kits and fixtures are for *.test.ts files only.",
        "3: imagegate/import-floors: src/ may not import from test/ ('../../test/support/fake-http-server.ts'): test kits and fixtures are for *.test.ts files only.",
      ],
      'src/metrics/new-folder.ts': ['2: imagegate/import-floors: src/metrics has no floor: add it to FLOORS in eslint.config.js, with the layers it may import.'],
    });
  });

  it('leaves the fixtures out of the normal run, and the tests beside code out of the floors', async () => {
    const eslint = new ESLint({ cwd: repositoryRoot });
    expect(await eslint.isPathIgnored(`${fixtures}/http/imports-test-kit.ts`)).toBe(true);
    const rulesFor = async (file: string) => Object.keys((await eslint.calculateConfigForFile(file) as { rules?: Record<string, unknown> }).rules ?? {});
    expect(await rulesFor('src/http/app.ts')).toContain('imagegate/import-floors');
    expect(await rulesFor('src/http/app.test.ts')).not.toContain('imagegate/import-floors');
  });

  it('passes src/ as it is', async () => {
    // Only the floors rule, parsed without type information: the full type-aware run is npm run lint.
    const eslint = new ESLint({
      cwd: repositoryRoot,
      overrideConfig: { languageOptions: { parserOptions: { project: false } } },
      ignorePatterns: ['src/**/*.test.ts'],
      ruleFilter: ({ ruleId }) => ruleId === 'imagegate/import-floors',
    });
    const results = await eslint.lintFiles(['src']);
    expect(results.length).toBeGreaterThan(200);
    expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath.slice(repositoryRoot.length)}:${message.line}: ${message.message}`))).toEqual([]);
  }, 120_000);
});
