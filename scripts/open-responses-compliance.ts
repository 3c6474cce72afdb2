// Runs the public Open Responses compliance suite (github.com/openresponses/openresponses,
// bin/compliance-test.ts) against `npm start` with its default model, offline. The suite is
// never copied into this repository: point the script at a fetched copy of it.
//
//   npm run compliance -- --suite /path/to/openresponses      (a checkout or a bare git mirror)
//   OPENRESPONSES_DIR=/path/to/openresponses npm run compliance
//
// The suite is written for bun; it runs under Node 20 with tsx, zod 3.25 (its own version, in a
// scratch folder) and Node's --experimental-websocket.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServerProcess } from '../bench/server-process.ts';

interface SuiteResult {
  id: string;
  name: string;
  status: string;
  errors?: string[];
}

const SUITE_FILES = ['bin', 'src/lib', 'src/generated'];
const SUITE_DEPENDENCIES = { zod: '3.25.76', tsx: '^4.20.0' };

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Copies the suite's runnable part out of a checkout or a bare mirror into a scratch folder. */
function extractSuite(source: string, into: string): void {
  if (existsSync(join(source, 'bin/compliance-test.ts'))) {
    execFileSync('tar', ['-C', source, '-cf', join(into, 'suite.tar'), ...SUITE_FILES]);
  } else {
    execFileSync('git', ['--git-dir', source, 'archive', '-o', join(into, 'suite.tar'), 'HEAD', ...SUITE_FILES]);
  }
  execFileSync('tar', ['-C', into, '-xf', join(into, 'suite.tar')]);
  writeFileSync(join(into, 'package.json'), JSON.stringify({ name: 'compliance-run', private: true, type: 'module', dependencies: SUITE_DEPENDENCIES }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], { cwd: into, stdio: 'inherit' });
}

function runSuite(dir: string, baseUrl: string, extra: string[]): Promise<string> {
  const args = ['--experimental-websocket', '--no-warnings', '--import', 'tsx', 'bin/compliance-test.ts', '-u', baseUrl, '-k', 'imagegate-offline', '--json', ...extra];
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveRun(stdout);
    });
  });
}

function parseResults(stdout: string): SuiteResult[] {
  const start = stdout.indexOf('{');
  const parsed: unknown = JSON.parse(stdout.slice(start));
  const results = (parsed as { results?: SuiteResult[] }).results;
  if (!Array.isArray(results)) throw new Error(`unexpected suite output: ${stdout.slice(0, 500)}`);
  return results;
}

async function main(): Promise<void> {
  const source = argument('--suite') ?? process.env['OPENRESPONSES_DIR'];
  if (source === undefined) throw new Error('give the suite: --suite <openresponses checkout or bare git mirror> (or OPENRESPONSES_DIR)');
  const scratch = mkdtempSync(join(tmpdir(), 'open-responses-'));
  const server = await startServerProcess(resolve(import.meta.dirname, '..'));
  try {
    extractSuite(resolve(source), scratch);
    const filter = argument('--filter');
    const model = argument('--model');
    const stdout = await runSuite(scratch, `${server.url}/v1`, [...(filter ? ['--filter', filter] : []), ...(model ? ['--model', model] : [])]);
    const results = parseResults(stdout);
    for (const result of results) {
      console.log(`${result.status === 'passed' ? 'PASS' : 'FAIL'}  ${result.id}`);
      for (const error of result.errors ?? []) console.log(`      ${error}`);
    }
    const passed = results.filter((result) => result.status === 'passed').length;
    console.log(`\nOpen Responses compliance: ${passed}/${results.length} passed (model: ${model ?? "the suite's default"}, server: npm start, offline)`);
    process.exitCode = passed === results.length ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
