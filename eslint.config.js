// Type-aware lint (STYLE.md): no floating promises, no `any` in hand-written code, nothing `any` used unchecked.
// And the floors: imports under src/ only point down (imagegate/import-floors, eslint-rules/).
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { importFloors } from './eslint-rules/import-floors.js';

/**
 * The floors of src/: each folder ("layer") and the layers below it that it may import. A layer
 * is a folder directly under src/; under src/providers/ each subfolder is one (`providers/*`
 * stands for every concrete provider: openai, gemini, anthropic, openai-compatible, stability,
 * comfyui, a1111, simulator, procedural). Files in the same layer import each other freely. An
 * import of a layer not listed here fails lint, and so does a folder with no entry: a new
 * folder gets its place in the table on purpose.
 *
 *   cli                   → server, config, net, media        (a client of the HTTP API; starts the server)
 *   server                → everything below                  (the composition root: builds the services)
 *   http                  → service, observability, policy, responses, storage, providers/spec, errors,
 *                           config, ids, media  (policy: admission at the edge, e.g. image-job slots)
 *   service               → loop, policy, tools, observability, providers/registry, providers/spec,
 *                           storage, responses, pricing, net, errors, config, ids, media, tokens
 *   observability         → storage, providers/spec, providers/shared, responses, pricing, errors, ids
 *                           (metrics, spans, readiness; its routes and middleware live in http/observability/)
 *   loop                  → policy, tools, providers/spec, responses, pricing, errors, ids, media, tokens
 *   policy                → storage, providers/spec, responses, pricing, errors, ids, tokens
 *   tools                 → providers/spec, responses, pricing, errors, ids, media
 *   providers/registry    → providers/*, providers/shared, providers/spec, config, pricing, media,
 *                           errors/unknown-model-error.ts     (a domain error; never a client-facing ApiError)
 *   storage               → responses, ids, media              (never net, service, http, loop)
 *   responses             → providers/spec, errors, ids, media (wire schemas; never tools or loop)
 *   errors                → providers/spec, net                (ApiError and the one mapper, toClientError)
 *   providers/*           → providers/shared, providers/spec, media, tokens
 *   providers/shared      → providers/spec, media
 *   net                   → media
 *   providers/spec, pricing, config, ids, media, tokens → nothing  (the floor: types, data, pure helpers)
 *
 * So: http → service → loop → policy / tools → pricing, providers/spec, responses; providers
 * never import service, http, loop, policy, storage or errors (their errors, ProviderError and
 * ImageGenerationError, are part of the spec); and nothing under src/ except a `*.test.ts`
 * imports from test/ (tests beside code are exempt from the floors: they wire layers together).
 * test/fixtures/lint/ holds files that break these rules on purpose (test/import-floors.test.ts).
 */
export const FLOORS = {
  cli: ['server', 'config', 'net', 'media'],
  server: ['http', 'service', 'observability', 'loop', 'policy', 'tools', 'providers/registry', 'providers/spec', 'storage', 'responses', 'pricing', 'net', 'errors', 'config', 'ids', 'media', 'tokens'],
  http: ['service', 'observability', 'policy', 'responses', 'storage', 'providers/spec', 'errors', 'config', 'ids', 'media'],
  service: ['loop', 'policy', 'tools', 'observability', 'providers/registry', 'providers/spec', 'storage', 'responses', 'pricing', 'net', 'errors', 'config', 'ids', 'media', 'tokens'],
  observability: ['storage', 'providers/spec', 'providers/shared', 'responses', 'pricing', 'errors', 'ids'],
  loop: ['policy', 'tools', 'providers/spec', 'responses', 'pricing', 'errors', 'ids', 'media', 'tokens'],
  policy: ['storage', 'providers/spec', 'responses', 'pricing', 'errors', 'ids', 'tokens'],
  tools: ['providers/spec', 'responses', 'pricing', 'errors', 'ids', 'media'],
  'providers/registry': ['providers/*', 'providers/shared', 'providers/spec', 'config', 'pricing', 'media', 'errors/unknown-model-error.ts'],
  storage: ['responses', 'ids', 'media'],
  responses: ['providers/spec', 'errors', 'ids', 'media'],
  errors: ['providers/spec', 'net'],
  'providers/*': ['providers/shared', 'providers/spec', 'media', 'tokens'],
  'providers/shared': ['providers/spec', 'media'],
  net: ['media'],
  'providers/spec': [],
  pricing: [],
  config: [],
  ids: [],
  media: [],
  tokens: [],
};

const LINT_FIXTURES = 'test/fixtures/lint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'test-artifacts/**', 'bench/gc-probe.mjs', 'eslint.config.js', 'eslint-rules/**', 'bin/**', `${LINT_FIXTURES}/**`] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: [`${LINT_FIXTURES}/**`],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Types carried from the zod edge to the core: no value of type any flows on unchecked,
      // and no assertion says what the compiler already knows.
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
    },
  },
  {
    // Tests keep a relaxed set: vitest's asymmetric matchers (expect.any, expect.objectContaining)
    // and parsed fixture JSON are typed `any` by design. Calls and arguments stay checked.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The floors. The lint fixtures mirror src/ under test/fixtures/lint/src/ and are judged the same way.
    files: ['src/**/*.ts', `${LINT_FIXTURES}/src/**/*.ts`],
    ignores: ['src/**/*.test.ts', `${LINT_FIXTURES}/src/**/*.test.ts`],
    languageOptions: { parser: tseslint.parser },
    plugins: { imagegate: { rules: { 'import-floors': importFloors } } },
    rules: {
      'imagegate/import-floors': ['error', { floors: FLOORS, roots: [import.meta.dirname, path.join(import.meta.dirname, LINT_FIXTURES)] }],
    },
  },
);
