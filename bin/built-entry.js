// Whether dist/ (the compiled server, `npm run build`) may run instead of the TypeScript sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Written last by `npm run build`: a dist/ without it is missing or half-built. */
export const BUILD_STAMP = 'dist/build-stamp';

/**
 * True when dist/ holds a finished build that no file under src/ is newer than. An installed
 * package ships dist/ without src/; in a clone, sources edited (or checked out) after the last
 * build make dist/ stale, and the sources run instead, so an edit is never silently ignored.
 * @param {URL} root the package folder
 */
export function builtEntryIsCurrent(root) {
  const stamp = fileURLToPath(new URL(BUILD_STAMP, root));
  if (!existsSync(stamp)) return false;
  const sources = fileURLToPath(new URL('src/', root));
  if (!existsSync(sources)) return true;
  const builtAtMillis = statSync(stamp).mtimeMs;
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.name.endsWith('.test.ts') && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAtMillis) return false;
  }
  return true;
}
