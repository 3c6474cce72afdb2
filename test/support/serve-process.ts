import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** The environment without provider keys, so the server runs offline whatever the machine has. */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IMAGEGATE_LOG_LEVEL: 'silent', ...extra };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
  return { ...env, ...extra };
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Everything the process printed so far (banner, logs). */
  output(): string;
  /** SIGTERM, resolving with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `imagegate serve` as a separate process, as a user would, and waits for its banner. */
export async function serveProcess(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/imagegate.js', 'serve', ...args], { env: offlineEnv(env) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 20_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('model steps per response')) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${output}`));
    };
    child.stdout.on('data', check);
    child.on('exit', onExit);
  });
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
