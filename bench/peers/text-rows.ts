// One text row: a checked request, a warm-up, then autocannon for the row's seconds; memory and
// CPU of the process behind the URL read from /proc.
import { type LoadResult, describeProblems, hadProblems, runLoad } from '../load.ts';
import { cpuSeconds, readMemory, waitForIdle } from '../proc.ts';
import { type Scenario, checkResponse, checkStream, loadCheck } from '../scenarios.ts';

/** A server under test: where to send, what it is, whose /proc to read. */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly headers?: Record<string, string>;
}

export interface TextRowSpec {
  readonly connections: number;
  readonly stream: boolean;
  /** `store` as the response must report it (the request leaves it out when true). */
  readonly store: boolean;
  readonly model: string;
}

export interface TextRow {
  target: string;
  mode: 'JSON' | 'SSE';
  connections: number;
  store: boolean;
  /** Why the row has no numbers (the checked request failed), if so. */
  failure: string | undefined;
  meanMillis: number;
  p50Millis: number;
  p99Millis: number;
  okPerSecond: number;
  ok: number;
  problems: string | undefined;
  cpuMillisPerResponse: number;
  rssAfterKb: number | undefined;
  hwmKb: number | undefined;
}

export interface RowTiming {
  seconds: number;
  warmupSeconds: number;
}

const TIMEOUT_SECONDS = 30;

export function textScenario(spec: TextRowSpec): Scenario {
  const body: Record<string, unknown> = { model: spec.model, input: 'What is 57 times 10?' };
  if (!spec.store) body['store'] = false;
  if (spec.stream) body['stream'] = true;
  return { name: 'text', connections: spec.connections, store: spec.store, stream: spec.stream, expectImages: 0, body };
}

export async function measureTextRow(target: Target, spec: TextRowSpec, timing: RowTiming, log: (message: string) => void): Promise<TextRow> {
  const scenario = textScenario(spec);
  const label = `${target.name}, ${spec.stream ? 'SSE' : 'JSON'}, c=${spec.connections}`;
  const row: TextRow = {
    target: target.name,
    mode: spec.stream ? 'SSE' : 'JSON',
    connections: spec.connections,
    store: spec.store,
    failure: undefined,
    meanMillis: Number.NaN,
    p50Millis: Number.NaN,
    p99Millis: Number.NaN,
    okPerSecond: Number.NaN,
    ok: 0,
    problems: undefined,
    cpuMillisPerResponse: Number.NaN,
    rssAfterKb: undefined,
    hwmKb: undefined,
  };
  row.failure = await checkOnce(target, scenario).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (row.failure !== undefined) {
    log(`${label}: checked request FAILED, no load: ${row.failure}`);
    return row;
  }
  await waitForIdle(target.pid, 300, 20_000);
  const base = { url: target.url, body: scenario.body, connections: spec.connections, timeoutSeconds: TIMEOUT_SECONDS, verifyBody: loadCheck(scenario), ...(target.headers ? { headers: target.headers } : {}) };
  if (timing.warmupSeconds > 0) await runLoad({ ...base, durationSeconds: timing.warmupSeconds });
  await waitForIdle(target.pid, 300, 20_000);
  const cpuBefore = cpuSeconds(target.pid);
  const load: LoadResult = await runLoad({ ...base, durationSeconds: timing.seconds });
  const cpuAfter = cpuSeconds(target.pid);
  const memory = readMemory(target.pid);
  Object.assign(row, {
    meanMillis: load.meanMillis,
    p50Millis: load.p50Millis,
    p99Millis: load.p99Millis,
    okPerSecond: load.okPerSecond,
    ok: load.ok2xx,
    problems: hadProblems(load) ? describeProblems(load) : undefined,
    cpuMillisPerResponse: cpuBefore !== undefined && cpuAfter !== undefined && load.completed > 0 ? ((cpuAfter - cpuBefore) * 1000) / load.completed : Number.NaN,
    rssAfterKb: memory?.rssKb,
    hwmKb: memory?.hwmKb,
  });
  log(`${label}: mean ${load.meanMillis.toFixed(2)} ms, ${load.okPerSecond.toFixed(0)}/s${row.problems ? `, PROBLEMS: ${row.problems}` : ''}`);
  return row;
}

/** One request through fetch, its whole answer checked (every SSE event in order). */
async function checkOnce(target: Target, scenario: Scenario): Promise<string | undefined> {
  const response = await fetch(`${target.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify(scenario.body),
    signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000),
  });
  const text = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (scenario.stream) return checkStream(text, scenario, true);
  try {
    return checkResponse(JSON.parse(text), scenario, true);
  } catch {
    return `body is not JSON: ${text.slice(0, 200)}`;
  }
}
