// Run as its own process with IMAGEGATE_CONFIG set: starts `imagegate serve` through the CLI entry
// (as `npm start` does), records which packages are loaded once it is listening and again after
// one text response, prints them as one JSON line and exits. test/idle-modules.test.ts reads it.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const loadsFile = join(tmpdir(), `imagegate-module-loads-${process.pid}.txt`);
register('./record-module-loads.mjs', import.meta.url, { data: { file: loadsFile } });

/** Package names (`@scope/name` or `name`) of every module loaded so far, by import or require. */
function loadedPackages(): string[] {
  let imported: string[] = [];
  try {
    imported = readFileSync(loadsFile, 'utf8').split('\n');
  } catch {
    // Nothing imported since the hooks were registered.
  }
  const required = Object.keys(createRequire(import.meta.url).cache);
  const names = new Set<string>();
  for (const location of [...imported, ...required]) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(location);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

let banner = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array) => {
  banner += chunk.toString();
  return true;
});
process.argv = [process.argv[0]!, 'imagegate', 'serve', '--port', '0', '--data-dir', process.env['PROBE_DATA_DIR'] ?? join(tmpdir(), `imagegate-probe-${process.pid}`)];
await import('../../src/cli/main.ts');
const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
if (url === undefined) throw new Error(`no banner: ${banner}`);
const atIdle = loadedPackages();
const answer = await fetch(`${url}/v1/responses`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'gpt-4.1', input: 'What is 57 times 10?', store: false }),
});
const response = (await answer.json()) as { status?: string };
const afterText = loadedPackages();
rmSync(loadsFile, { force: true });
write(`${JSON.stringify({ atIdle, afterText, status: answer.status, responseStatus: response.status })}\n`);
process.exit(0);
