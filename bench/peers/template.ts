// Wire payloads made once with named holes, filled per request by string joins: the fake upstream
// must cost as little CPU as possible, because its answer time is the floor every gateway is measured against.

/** A hole is written as the JSON string `"@@NAME@@"`; its value is raw JSON (a quoted string, `true`, …). */
const HOLE = /"@@([A-Z_]+)@@"/g;

export interface Template {
  /** Literal text and hole names, alternating: text, name, text, name, … text. */
  readonly parts: ReadonlyArray<string>;
}

export const hole = (name: string): string => `@@${name}@@`;

export function compileTemplate(text: string): Template {
  return { parts: text.split(HOLE) };
}

/** Fills every hole; a hole without a value is a bug in the caller, so it throws. */
export function renderTemplate(template: Template, values: Readonly<Record<string, string>>): string {
  const { parts } = template;
  let out = parts[0] ?? '';
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`template hole ${name} has no value`);
    out += value + (parts[index + 1] ?? '');
  }
  return out;
}
