/** A zod issue path in OpenAI's param notation: `['tools', 0, 'size']` → `tools[0].size`. */
export function formatParamPath(path: readonly PropertyKey[]): string {
  let param = '';
  for (const segment of path) {
    if (typeof segment === 'number') param += `[${segment}]`;
    else param += param === '' ? String(segment) : `.${String(segment)}`;
  }
  return param;
}

/** Where a path leads inside a parsed JSON body. */
export interface PathLookup {
  /** False when the last key is absent from its (existing) parent. */
  readonly present: boolean;
  readonly value: unknown;
}

export function lookUpPath(root: unknown, path: readonly PropertyKey[]): PathLookup {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return { present: false, value: undefined };
    const container = current as Record<PropertyKey, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, segment)) return { present: false, value: undefined };
    current = container[segment];
  }
  return { present: true, value: current };
}

/** A JSON value's type in OpenAI's words: `a string`, `an integer`, `a decimal`, `an object`… */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A zod `expected` type in OpenAI's words. */
export function describeExpectedType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a decimal';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'a boolean';
    case 'array':
    case 'tuple':
      return 'an array';
    case 'object':
    case 'record':
    case 'map':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

/** A received value quoted for a message, shortened so that huge strings stay out of errors. */
export function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return `'${shown}'`;
}

/** `'a', 'b', and 'c'` / `'a' and 'b'` / `'a'`, as in OpenAI's "Supported values are: …". */
export function listValues(values: readonly unknown[], conjunction = 'and'): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} ${conjunction} ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, ${conjunction} ${quoted[quoted.length - 1]}`;
}
