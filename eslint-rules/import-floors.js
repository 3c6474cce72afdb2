// @ts-check
/**
 * imagegate/import-floors: imports under src/ only point down the layering that
 * eslint.config.js writes down (its FLOORS table), and nothing under src/ reaches into test/.
 *
 * A relative import is resolved against the importing file, so `../../service/x.ts` from
 * src/providers/openai/ is seen as what it is (src/service), however deep the file sits. The
 * folder a file belongs to ("layer") is its first folder under src/, except under providers/,
 * where each subfolder is its own layer (providers/spec, providers/shared, providers/registry,
 * one per concrete provider, written `providers/*` in the table). Package imports
 * (`zod`, `node:fs`) are not layers and are not checked.
 *
 * Options: `{ floors, roots }`. `floors` maps a layer (or `providers/*`) to the layers and
 * single files (`errors/unknown-model-error.ts`) it may import. `roots` are absolute
 * directories that hold a `src/` and `test/`: the repository, and the lint fixtures that mirror
 * it (test/fixtures/lint/), so a fixture is judged as if it stood at the same place in src/.
 */

import path from 'node:path';

/** @param {string} relativePath a path like `src/providers/openai/x.ts` */
function layerOf(relativePath) {
  const parts = relativePath.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return undefined;
  if (parts[1] === 'providers' && parts.length >= 4) return `providers/${parts[2]}`;
  return parts[1];
}

/** @param {string} layer @param {Record<string, string[]>} floors */
function floorOf(layer, floors) {
  if (floors[layer]) return floors[layer];
  if (layer.startsWith('providers/') && floors['providers/*']) return floors['providers/*'];
  return undefined;
}

/** @param {string} target a path under src/ @param {string} layer @param {string[]} allowed */
function isAllowed(target, layer, allowed) {
  const underSrc = target.slice('src/'.length);
  const concreteProvider = layer.startsWith('providers/') && !['providers/spec', 'providers/shared', 'providers/registry'].includes(layer);
  return allowed.some((entry) => entry === layer || entry === underSrc || (entry === 'providers/*' && concreteProvider));
}

/** @type {import('eslint').Rule.RuleModule} */
export const importFloors = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports under src/ only point down the layering written in eslint.config.js; src/ never imports test/.' },
    schema: [
      {
        type: 'object',
        properties: {
          floors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          roots: { type: 'array', items: { type: 'string' } },
        },
        required: ['floors', 'roots'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: "src/{{from}} may not import src/{{to}} ('{{specifier}}'): imports only point down. src/{{from}} may import: {{allowed}}.",
      test: "src/ may not import from test/ ('{{specifier}}'): test kits and fixtures are for *.test.ts files only.",
      outside: "src/{{from}} may not import '{{specifier}}', which is outside src/.",
      unknownLayer: 'src/{{layer}} has no floor: add it to FLOORS in eslint.config.js, with the layers it may import.',
    },
  },
  create(context) {
    const { floors, roots } = /** @type {{ floors: Record<string, string[]>; roots: string[] }} */ (context.options[0]);
    const filename = context.filename;
    // The deepest root holding the file: the lint fixtures' mirror before the repository.
    const root = [...roots].sort((a, b) => b.length - a.length).find((candidate) => filename.startsWith(candidate + path.sep));
    if (root === undefined) return {};
    const file = path.relative(root, filename).split(path.sep).join('/');
    const from = layerOf(file);
    if (from === undefined) return {};
    const allowed = floorOf(from, floors);

    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string' || !value.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(filename), value)).split(path.sep).join('/');
      if (target === 'test' || target.startsWith('test/')) {
        context.report({ node, messageId: 'test', data: { specifier: value } });
        return;
      }
      if (!target.startsWith('src/')) {
        context.report({ node, messageId: 'outside', data: { from, specifier: value } });
        return;
      }
      const to = layerOf(target);
      if (to === undefined || to === from) return;
      if (allowed === undefined) {
        context.report({ node, messageId: 'unknownLayer', data: { layer: from } });
        return;
      }
      if (floorOf(to, floors) === undefined) {
        context.report({ node, messageId: 'unknownLayer', data: { layer: to } });
        return;
      }
      if (!isAllowed(target, to, allowed)) {
        context.report({ node, messageId: 'upward', data: { from, to, specifier: value, allowed: allowed.length === 0 ? 'nothing outside itself' : allowed.join(', ') } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
