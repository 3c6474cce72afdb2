#!/usr/bin/env node
// Runs the compiled server in dist/ (`npm run build`, which `npm install` runs through `prepare`,
// and which the published package ships), so no TypeScript is transformed at run time. A clone
// without a current build runs src/ through tsx, a devDependency (see built-entry.js).
import { builtEntryIsCurrent } from './built-entry.js';

const root = new URL('../', import.meta.url);
if (builtEntryIsCurrent(root)) {
  await import('../dist/cli/main.js');
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('imagegate: dist/ is missing or older than src/ and tsx is not installed; run `npm run build` (or `npm install` with devDependencies)\n');
    process.exit(1);
  }
  register();
  await import('../src/cli/main.ts');
}
