/** A small client for imagegate's own HTTP API (admin and usage), as the CLI uses it. */
export interface CliConnection {
  baseUrl: string;
  apiKey: string | undefined;
}

/** Thrown for a non-2xx answer; carries OpenAI's error envelope. */
export class CliApiError extends Error {
  override readonly name = 'CliApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `IMAGEGATE_BASE_URL` (default the local server) and a key: the flag, then the env. */
export function connectionFromEnv(env: NodeJS.ProcessEnv, options: { baseUrl?: string; apiKey?: string }, keyVariables: string[]): CliConnection {
  return {
    baseUrl: (options.baseUrl ?? env['IMAGEGATE_BASE_URL'] ?? 'http://127.0.0.1:8787').replace(/\/+$/, '').replace(/\/v1$/, ''),
    apiKey: options.apiKey ?? keyVariables.map((name) => env[name]).find((value) => value !== undefined && value !== ''),
  };
}

export async function callApi(connection: CliConnection, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${connection.baseUrl}${path}`, {
      method,
      headers: { ...(connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new CliApiError(0, `cannot reach imagegate at ${connection.baseUrl}: ${(cause as Error).message}`);
  }
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (parsed as { error?: { message?: string } } | undefined)?.error;
    throw new CliApiError(response.status, `${response.status}: ${error?.message ?? text}`);
  }
  return parsed;
}
