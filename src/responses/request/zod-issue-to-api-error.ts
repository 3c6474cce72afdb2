import type { z } from 'zod';
import { invalidRequest, type ApiError } from '../../errors/api-error.ts';
import {
  describeExpectedType,
  describeJsonType,
  formatParamPath,
  listValues,
  lookUpPath,
  quoteValue,
} from './param-path.ts';
import { UNSUPPORTED_DISCRIMINATOR_VALUES } from './unsupported-branch.ts';

type Issue = z.core.$ZodIssue;

/** The single issue to report, with its path made absolute. */
interface ResolvedIssue {
  readonly issue: Issue;
  readonly path: readonly PropertyKey[];
  /** Set when every branch of a union failed on the value's type itself. */
  readonly unionExpected?: readonly string[];
}

/**
 * Turns the first zod issue of a failed request parse into OpenAI's 400 error: `param` in
 * OpenAI's notation, `code` from OpenAI's vocabulary. `body` is the parsed JSON, read to name the
 * received value's type and to tell a missing parameter from a mistyped one.
 */
export function zodIssueToApiError(issue: Issue, body: unknown): ApiError {
  const resolved = resolveIssue(issue, []);
  const param = formatParamPath(resolved.path);
  const shownParam = param === '' ? 'the request body' : `'${param}'`;
  const found = lookUpPath(body, resolved.path);
  const paramOrNull = param === '' ? null : param;
  const missing = () => invalidRequest(`Missing required parameter: '${param}'.`, paramOrNull, 'missing_required_parameter');

  if (resolved.unionExpected) {
    if (!found.present) return missing();
    const expected = `one of ${listValues(resolved.unionExpected, 'or').replaceAll("'", '')}`;
    return invalidType(shownParam, expected, found.value, paramOrNull);
  }

  const leaf = resolved.issue;
  switch (leaf.code) {
    case 'invalid_type':
      if (!found.present) return missing();
      return invalidType(shownParam, describeExpectedType(leaf.expected), found.value, paramOrNull);
    case 'unrecognized_keys': {
      const unknownParam = formatParamPath([...resolved.path, leaf.keys[0] ?? '']);
      return invalidRequest(`Unknown parameter: '${unknownParam}'.`, unknownParam, 'unknown_parameter');
    }
    case 'invalid_union': {
      // Only a discriminated union's "No matching discriminator" reaches here.
      if (!found.present) return missing();
      if (typeof found.value !== 'string') return invalidType(shownParam, 'a string', found.value, paramOrNull);
      const options = 'options' in leaf ? (leaf.options ?? []) : [];
      const supported = options.filter((value) => value !== undefined && !UNSUPPORTED_DISCRIMINATOR_VALUES.has(value));
      return invalidValue(found.value, supported, paramOrNull);
    }
    case 'invalid_value': {
      const sameKind = leaf.values.some((value) => typeof value === typeof found.value);
      if (!sameKind) return invalidType(shownParam, `one of ${listValues(leaf.values, 'or')}`, found.value, paramOrNull);
      return invalidValue(found.value, leaf.values, paramOrNull);
    }
    case 'too_big':
    case 'too_small':
      return outOfRange(leaf, shownParam, found.value, paramOrNull);
    case 'invalid_format': {
      const pattern = leaf.pattern?.replace(/^\/(.*)\/[a-z]*$/, '$1');
      const expected = pattern ? `a string that matches the pattern '${pattern}'` : `a valid ${leaf.format}`;
      return invalidRequest(`Invalid ${shownParam}: string does not match pattern. Expected ${expected}.`, paramOrNull, 'invalid_value');
    }
    case 'custom': {
      const code = typeof leaf.params?.['code'] === 'string' ? leaf.params['code'] : 'invalid_value';
      return invalidRequest(leaf.message.replaceAll('{param}', param), paramOrNull, code);
    }
    default:
      return invalidRequest(`Invalid ${shownParam}: ${leaf.message}.`, paramOrNull, 'invalid_value');
  }
}

function resolveIssue(issue: Issue, base: readonly PropertyKey[]): ResolvedIssue {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  // A plain union: report from the branch that got furthest into the value (e.g. the array
  // branch of `input` when an item inside it is wrong), not "invalid union".
  let best: Issue | undefined;
  let bestScore = -1;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    const score = branchScore(first);
    if (score > bestScore) {
      best = first;
      bestScore = score;
    }
  }
  if (best) return resolveIssue(best, path);
  return { issue, path, unionExpected: [...new Set(issue.errors.flatMap(expectedTypes))] };
}

/** How deep into the value a branch's first failure lies; -1 when the value's own type was wrong. */
function branchScore(issue: Issue): number {
  if (issue.path.length > 0) return issue.path.length;
  if (issue.code === 'invalid_type') return -1;
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return Math.max(...issue.errors.map((branch) => (branch[0] ? branchScore(branch[0]) : -1)));
  }
  return 0;
}

function expectedTypes(branch: readonly Issue[]): string[] {
  const first = branch[0];
  if (!first) return [];
  if (first.code === 'invalid_type') return [describeExpectedType(first.expected)];
  if (first.code === 'invalid_union') return first.errors.flatMap(expectedTypes);
  return [];
}

function invalidType(shownParam: string, expected: string, value: unknown, param: string | null): ApiError {
  return invalidRequest(
    `Invalid type for ${shownParam}: expected ${expected}, but got ${describeJsonType(value)} instead.`,
    param,
    'invalid_type',
  );
}

function invalidValue(value: unknown, supported: readonly unknown[], param: string | null): ApiError {
  return invalidRequest(`Invalid value: ${quoteValue(value)}. Supported values are: ${listValues(supported)}.`, param, 'invalid_value');
}

function outOfRange(
  issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall,
  shownParam: string,
  value: unknown,
  param: string | null,
): ApiError {
  const above = issue.code === 'too_big';
  const bound = above ? (issue).maximum : (issue).minimum;
  const comparison = `${above ? '<' : '>'}${issue.inclusive === false ? '' : '='} ${String(bound)}`;
  const side = above ? 'above_max' : 'below_min';
  switch (issue.origin) {
    case 'int':
    case 'number': {
      const kind = issue.origin === 'int' ? 'integer' : 'decimal';
      return invalidRequest(
        `Invalid ${shownParam}: ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${comparison}, but got ${String(value)} instead.`,
        param,
        `${kind}_${side}_value`,
      );
    }
    case 'string':
    case 'array': {
      const origin = issue.origin;
      const length = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
      if (!above && length === 0) {
        return invalidRequest(
          `Invalid ${shownParam}: empty ${origin}. Expected ${origin === 'array' ? 'an array' : 'a string'} with minimum length ${String(bound)}, but got an empty ${origin} instead.`,
          param,
          `empty_${origin}`,
        );
      }
      return invalidRequest(
        `Invalid ${shownParam}: ${origin} too ${above ? 'long' : 'short'}. Expected ${origin === 'array' ? 'an array' : 'a string'} with ${above ? 'maximum' : 'minimum'} length ${String(bound)}, but got ${origin === 'array' ? 'an array' : 'a string'} with length ${length} instead.`,
        param,
        `${origin}_${side}_length`,
      );
    }
    default:
      return invalidRequest(`Invalid ${shownParam}: ${issue.message}.`, param, 'invalid_value');
  }
}
