import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * Runs a probe script (TypeScript, from the repository root) in a fresh process, so nothing of the
 * test runner's own is counted, and answers the JSON line of its output that starts with `marker`.
 */
export function runProbe<Result>(script: string, marker: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolveProbe, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(marker));
      if (code !== 0 || line === undefined) reject(new Error(`probe exited ${code}: ${output}${errors}`));
      else resolveProbe(JSON.parse(line) as Result);
    });
  });
}
