import { CompiledQuery, type Compilable } from 'kysely';

/** Distinct shapes kept: the response store has a few hot ones (and one per item count up to a chunk). */
const DEFAULT_MAX_SHAPES = 512;

/**
 * Kysely builds and compiles a query's SQL anew on every call: ~25 µs for a plain insert and
 * ~100 µs for the upsert of a response row, more than SQLite takes to run them. For the hot
 * writes, this keeps each SQL text by its shape (the statement, its columns, its row count) and
 * binds the new parameters to it. Safe by construction: a shape's SQL is reused only if, the
 * first time, Kysely's own parameters were exactly the ones given here, in the same order.
 */
export function createCompiledShapes(maxShapes = DEFAULT_MAX_SHAPES): (shape: string, parameters: readonly unknown[], build: () => Compilable) => CompiledQuery {
  const sqlByShape = new Map<string, string>();
  return (shape, parameters, build) => {
    const cached = sqlByShape.get(shape);
    if (cached !== undefined) return CompiledQuery.raw(cached, [...parameters]);
    const compiled = build().compile();
    if (sameParameters(compiled.parameters, parameters) && sqlByShape.size < maxShapes) sqlByShape.set(shape, compiled.sql);
    return compiled;
  };
}

function sameParameters(compiled: readonly unknown[], given: readonly unknown[]): boolean {
  return compiled.length === given.length && compiled.every((parameter, index) => sameParameter(parameter, given[index]));
}

/** Arrays (PostgreSQL array parameters) compare element by element. */
function sameParameter(compiled: unknown, given: unknown): boolean {
  if (Array.isArray(compiled) && Array.isArray(given)) return sameParameters(compiled, given);
  return Object.is(compiled, given);
}
