/** An error answer from the server (`{error:{message,type,param,code}}`) or the network. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string | null = null,
    /** `x-request-id` of the failed request, when the server answered. */
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  apiKey: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function authHeaders(apiKey: string): Record<string, string> {
  return apiKey.trim() === '' ? {} : { authorization: `Bearer ${apiKey.trim()}` };
}

/** Sends a request to the imagegate API; resolves with the raw response when it is 2xx. */
export async function apiRequest(path: string, request: ApiRequest): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? 'GET',
      headers: {
        ...authHeaders(request.apiKey),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiFailure(`Could not reach the server: ${error instanceof Error ? error.message : String(error)}`, 0);
  }
  if (!response.ok) throw await failureFrom(response);
  return response;
}

export async function apiJson<T>(path: string, request: ApiRequest): Promise<T> {
  const response = await apiRequest(path, request);
  return (await response.json()) as T;
}

async function failureFrom(response: Response): Promise<ApiFailure> {
  const text = await response.text().catch(() => '');
  const requestId = response.headers.get('x-request-id');
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; code?: string | null } };
    if (parsed.error?.message) return new ApiFailure(`${response.status}: ${parsed.error.message}`, response.status, parsed.error.code ?? null, requestId);
  } catch {
    // Not JSON: fall through to the status line.
  }
  return new ApiFailure(`${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`, response.status, null, requestId);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
