import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../../bin/imagegate.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The machine's provider keys and URLs removed, so only what a test sets reaches the CLI. */
export function cleanCliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$|^IMAGEGATE_/.test(key)) delete env[key];
  return { ...env, ...extra };
}

/** Runs `imagegate …` as a user would, stdin/stdout/stderr piped (not a terminal); never rejects. */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI_BIN, ...args], { env: cleanCliEnv(env), cwd: tmpdir(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}
